import { type ReactNode, useContext } from 'react';
import { Link, Text, View } from '@react-pdf/renderer';
import type { Style } from '@react-pdf/types';
import { cleanText } from '~/pdf/sanitize';
import { childrenOf, inlineText, walk } from '~/lib/richtext/walk';
import { FontModeContext, s, std } from '~/pdf/styles';

/** Code styles for the font mode (Courier with the standard fonts, else the Noto mono stack). */
type CodeStyles = { code: Style; codeBlock: Style };
const NOTO_CODE: CodeStyles = { code: s.code, codeBlock: s.codeBlock };
const STD_CODE: CodeStyles = { code: std.code, codeBlock: std.codeBlock };

/** ProseMirror JSON (doc, paragraph, heading, lists, codeBlock, blockquote, hardBreak, horizontalRule; marks bold, italic, code, link) → react-pdf. */
type PmNode = {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type?: string; attrs?: Record<string, unknown> }[];
  content?: PmNode[];
};

/** Rendering stops here: every level is a react-pdf view, and deep nesting costs layout time for nothing readable. */
const MAX_RENDER_DEPTH = 40;

export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  return /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : null;
}

const kids = (n: PmNode): PmNode[] => childrenOf(n) as PmNode[];

/** Plain text of a node (text in order, hard breaks as '\n'), from the one rich-text walker. */
const plainText = (n: unknown): string => inlineText(n);

/**
 * True when no list item of this rich text can come near a page's height: at most `maxChars` characters and
 * `maxLines` blocks or line breaks per item. A list item is a row (bullet | body); see `rowsFitPages` in document.tsx.
 */
export function listItemsFit(v: unknown, maxChars = 600, maxLines = 24): boolean {
  let fits = true;
  walk(v, (n) => {
    if (!fits) return false;
    if (n.type !== 'listItem') return;
    let lines = 0;
    walk(n, (m) => {
      if (m.type !== 'text' && m.type !== 'listItem' && m.type !== 'bulletList' && m.type !== 'orderedList') lines += 1;
    });
    if (plainText(n).length >= maxChars || lines >= maxLines) fits = false;
  });
  return fits;
}

function markStyle(marks: PmNode['marks'], cs: CodeStyles): Style | undefined {
  if (!marks?.length) return undefined;
  let bold = false;
  let italic = false;
  let code = false;
  for (const m of marks) {
    if (m?.type === 'bold') bold = true;
    else if (m?.type === 'italic') italic = true;
    else if (m?.type === 'code') code = true;
  }
  if (code) return bold ? { ...cs.code, fontWeight: 700 } : cs.code;
  if (bold && italic) return s.boldItalic;
  if (bold) return s.bold;
  if (italic) return s.italic;
  return undefined;
}

/** Inline content: adjacent unmarked text is merged into plain strings so the layout sees few runs. */
function inlines(nodes: PmNode[], cs: CodeStyles): ReactNode[] {
  const out: ReactNode[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push(plain);
    plain = '';
  };
  nodes.forEach((n, i) => {
    if (!n || typeof n !== 'object') return;
    if (n.type === 'hardBreak') {
      plain += '\n';
      return;
    }
    if (n.type !== 'text') {
      plain += cleanText(plainText(n));
      return;
    }
    const text = cleanText(n.text);
    if (!text) return;
    const link = n.marks?.find((m) => m?.type === 'link');
    const style = markStyle(n.marks, cs);
    if (!link && !style) {
      plain += text;
      return;
    }
    flush();
    const href = link ? safeHref(link.attrs?.href) : null;
    if (href) {
      out.push(
        <Link key={i} src={href} style={style ? [s.link, style] : s.link}>
          {text}
        </Link>,
      );
    } else
      out.push(
        <Text key={i} style={style}>
          {text}
        </Text>,
      );
  });
  flush();
  return out;
}

function block(n: PmNode, key: number, depth: number, cs: CodeStyles): ReactNode {
  if (!n || typeof n !== 'object' || depth > MAX_RENDER_DEPTH) return null;
  switch (n.type) {
    case 'paragraph': {
      const content = inlines(kids(n), cs);
      if (!content.length) return null;
      return (
        <Text key={key} style={s.p}>
          {content}
        </Text>
      );
    }
    case 'heading': {
      const level = Number(n.attrs?.level) || 1;
      return (
        <Text key={key} style={level <= 1 ? s.rh1 : level === 2 ? s.rh2 : s.rh3} minPresenceAhead={24}>
          {inlines(kids(n), cs)}
        </Text>
      );
    }
    case 'bulletList':
    case 'orderedList': {
      const ordered = n.type === 'orderedList';
      const start = Number(n.attrs?.start ?? 1) || 1;
      return (
        <View key={key} style={s.list}>
          {kids(n).map((item, i) => {
            const body = kids(item);
            const single = body.length === 1 && body[0]?.type === 'paragraph' && inlines(kids(body[0]), cs);
            return (
              <View key={i} style={s.li}>
                <Text style={s.bullet}>{ordered ? `${start + i}.` : depth % 2 ? '–' : '•'}</Text>
                {/* A one-paragraph item is one text node (no body view around it): fewer layout nodes. */}
                {Array.isArray(single) && single.length > 0 ? (
                  <Text style={s.liText}>{single}</Text>
                ) : (
                  <View style={s.liBody}>{blocks(body, depth + 1, cs)}</View>
                )}
              </View>
            );
          })}
        </View>
      );
    }
    case 'listItem':
      return <View key={key}>{blocks(kids(n), depth + 1, cs)}</View>;
    case 'codeBlock':
      return (
        <Text key={key} style={cs.codeBlock}>
          {cleanText(plainText(n))}
        </Text>
      );
    case 'blockquote':
      return (
        <View key={key} style={s.quote}>
          {blocks(kids(n), depth + 1, cs)}
        </View>
      );
    case 'horizontalRule':
      return <View key={key} style={s.hr} />;
    case 'text':
    case 'hardBreak':
      return (
        <Text key={key} style={s.p}>
          {inlines([n], cs)}
        </Text>
      );
    default: {
      // Unknown blocks: their children if they are blocks, else their text.
      const c = kids(n);
      if (c.some((k) => k?.type && k.type !== 'text' && k.type !== 'hardBreak')) return <View key={key}>{blocks(c, depth + 1, cs)}</View>;
      const text = cleanText(plainText(n));
      return text ? (
        <Text key={key} style={s.p}>
          {text}
        </Text>
      ) : null;
    }
  }
}

function blocks(nodes: PmNode[], depth: number, cs: CodeStyles): ReactNode[] {
  return nodes.map((n, i) => block(n, i, depth, cs)).filter((x) => x != null);
}

export function RichText({ value }: { value: unknown }) {
  const cs = useContext(FontModeContext) === 'standard' ? STD_CODE : NOTO_CODE;
  if (typeof value === 'string') return <Text style={s.p}>{cleanText(value)}</Text>;
  if (!value || typeof value !== 'object') return null;
  const n = value as PmNode;
  return <>{n.type === 'doc' ? blocks(kids(n), 0, cs) : blocks([n], 0, cs)}</>;
}
