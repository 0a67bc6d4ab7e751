/**
 * Read-only rendering of a rich-text (ProseMirror JSON) document as React
 * elements. No HTML strings, no dangerouslySetInnerHTML: all text goes
 * through React's escaping. Tolerates any input: unknown nodes render their
 * text content, unknown marks are ignored, unsafe links render as text.
 *
 * Browser-safe (no server imports).
 */
import { Fragment, type ReactNode } from 'react';
import { isSafeLinkHref } from '~/lib/richtext/text';
import { MAX_DEPTH, attrsOf, childrenOf, inlineText, isNode } from '~/lib/richtext/walk';

const LINK_REL = 'noopener noreferrer nofollow';

type Json = Record<string, unknown>;

function renderText(node: Json, key: number): ReactNode {
  const text = typeof node.text === 'string' ? node.text : '';
  if (!text) return null;
  let out: ReactNode = text;
  const marks = Array.isArray(node.marks) ? node.marks.filter(isNode) : [];
  // Innermost first: code, then emphasis, with links outermost.
  const order = (t: unknown) => (t === 'link' ? 3 : t === 'bold' ? 2 : t === 'italic' ? 1 : 0);
  const sorted = [...marks].sort((a, b) => order(a.type) - order(b.type));
  for (const mark of sorted) {
    switch (mark.type) {
      case 'bold':
        out = <strong>{out}</strong>;
        break;
      case 'italic':
        out = <em>{out}</em>;
        break;
      case 'code':
        out = <code>{out}</code>;
        break;
      case 'link': {
        const attrs = attrsOf(mark);
        if (isSafeLinkHref(attrs.href)) {
          out = (
            <a href={attrs.href} rel={LINK_REL} title={typeof attrs.title === 'string' ? attrs.title : undefined}>
              {out}
            </a>
          );
        }
        break;
      }
      default:
        // Unknown mark: ignored, text kept.
        break;
    }
  }
  return <Fragment key={key}>{out}</Fragment>;
}

function renderChildren(node: Json, depth: number): ReactNode[] {
  return childrenOf(node).map((child, i) => renderNode(child, i, depth + 1));
}

function clampLevel(level: unknown): 1 | 2 | 3 | 4 | 5 | 6 {
  const n = typeof level === 'number' && Number.isFinite(level) ? Math.trunc(level) : 2;
  return Math.min(6, Math.max(1, n)) as 1 | 2 | 3 | 4 | 5 | 6;
}

function renderNode(node: unknown, key: number, depth: number): ReactNode {
  if (!isNode(node) || depth > MAX_DEPTH) return null;
  switch (node.type) {
    case 'text':
      return renderText(node, key);
    case 'paragraph':
      return <p key={key}>{renderChildren(node, depth)}</p>;
    case 'heading': {
      const Tag = `h${clampLevel(attrsOf(node).level)}` as const;
      return <Tag key={key}>{renderChildren(node, depth)}</Tag>;
    }
    case 'bulletList':
      return <ul key={key}>{renderChildren(node, depth)}</ul>;
    case 'orderedList': {
      const start = attrsOf(node).start;
      const validStart = typeof start === 'number' && Number.isSafeInteger(start) && start !== 1 ? start : undefined;
      return (
        <ol key={key} start={validStart}>
          {renderChildren(node, depth)}
        </ol>
      );
    }
    case 'listItem':
      return <li key={key}>{renderChildren(node, depth)}</li>;
    case 'codeBlock': {
      const lang = attrsOf(node).language;
      const className = typeof lang === 'string' && /^[A-Za-z0-9_+#.-]{1,32}$/.test(lang) ? `language-${lang}` : undefined;
      return (
        <pre key={key}>
          <code className={className}>{inlineText(node, depth)}</code>
        </pre>
      );
    }
    case 'blockquote':
      return <blockquote key={key}>{renderChildren(node, depth)}</blockquote>;
    case 'hardBreak':
      return <br key={key} />;
    case 'horizontalRule':
      return <hr key={key} />;
    case 'doc':
      return <Fragment key={key}>{renderChildren(node, depth)}</Fragment>;
    default: {
      // Unknown node: its text content only.
      const text = inlineText(node, depth);
      return text ? <Fragment key={key}>{text}</Fragment> : null;
    }
  }
}

/**
 * Render a rich-text document. `doc` is normally validated ProseMirror JSON;
 * a plain string is shown as text paragraphs; anything else renders nothing.
 */
export function RichTextView({ doc, className }: { doc: unknown; className?: string }) {
  const cls = className ? `rich-text ${className}` : 'rich-text';
  if (typeof doc === 'string') {
    const paras = doc.split(/\n{2,}/).filter((p) => p.trim() !== '');
    return (
      <div className={cls}>
        {paras.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
    );
  }
  return <div className={cls}>{isNode(doc) && doc.type === 'doc' ? renderChildren(doc, 0) : null}</div>;
}
