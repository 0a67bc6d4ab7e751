/**
 * Markdown ↔ rich-text (ProseMirror JSON) conversion, both ways, for the
 * tiptap schema defined in `./extensions`. Used by the no-JS textarea
 * fallback, the editor (initial Markdown), and the JSON API.
 *
 * Browser-safe (no server imports). Markdown input never produces HTML
 * nodes: markdown-it runs with `html: false`, and images are disabled.
 */
import { Node as PMNode, type Schema } from '@tiptap/pm/model';
import { MarkdownParser, MarkdownSerializer, defaultMarkdownParser, defaultMarkdownSerializer } from 'prosemirror-markdown';
import { getSharedRichTextSchema, isSafeLinkHref } from '~/lib/richtext/extensions';
import { docToPlainText } from '~/lib/richtext/text';

/** A JSON-serialisable ProseMirror document. */
export type RichTextDoc = { type: 'doc'; content?: unknown[] };

/** The canonical empty document (what tiptap's `getJSON()` returns for an empty editor). */
export function emptyRichTextDoc(): RichTextDoc {
  return { type: 'doc', content: [{ type: 'paragraph' }] };
}

type Token = {
  type: string;
  tag: string;
  info: string;
  attrGet(name: string): string | null;
};

let memoParser: MarkdownParser | undefined;

function getParser(): MarkdownParser {
  if (memoParser) return memoParser;
  const schema = getSharedRichTextSchema();
  // CommonMark, no raw HTML, no images, no linkify.
  // The MarkdownIt class is taken from prosemirror-markdown's own tokenizer rather than
  // imported: prosemirror-markdown depends on its own markdown-it (v14) and instantiates it at
  // import time anyway, so this keeps a second markdown-it copy out of the browser bundle.
  const MarkdownIt = defaultMarkdownParser.tokenizer.constructor as unknown as new (
    preset: 'commonmark',
    options: { html: boolean; linkify: boolean },
  ) => { disable(rules: string[]): unknown; options: { html?: boolean } };
  const md = new MarkdownIt('commonmark', { html: false, linkify: false });
  md.disable(['image']);
  if (md.options.html !== false) throw new Error('markdown-it must run with html: false');
  memoParser = new MarkdownParser(schema, md as never, {
    blockquote: { block: 'blockquote' },
    paragraph: { block: 'paragraph' },
    list_item: { block: 'listItem' },
    bullet_list: { block: 'bulletList' },
    ordered_list: {
      block: 'orderedList',
      getAttrs: (tok) => {
        const raw = (tok as unknown as Token).attrGet('start');
        const start = raw == null ? 1 : Number(raw);
        return { start: Number.isSafeInteger(start) && start >= 0 ? start : 1 };
      },
    },
    heading: {
      block: 'heading',
      getAttrs: (tok) => ({ level: Math.min(6, Math.max(1, Number((tok as unknown as Token).tag.slice(1)) || 1)) }),
    },
    code_block: { block: 'codeBlock', noCloseToken: true },
    fence: {
      block: 'codeBlock',
      getAttrs: (tok) => ({ language: normaliseLanguage((tok as unknown as Token).info) }),
      noCloseToken: true,
    },
    hr: { node: 'horizontalRule' },
    hardbreak: { node: 'hardBreak' },
    // A single newline in the source is kept as a line break (GitHub-comment style),
    // which is what people expect when typing into the no-JS textarea.
    softbreak: { node: 'hardBreak' },
    em: { mark: 'italic' },
    strong: { mark: 'bold' },
    link: {
      mark: 'link',
      getAttrs: (tok) => ({
        href: (tok as unknown as Token).attrGet('href'),
        title: (tok as unknown as Token).attrGet('title') || null,
      }),
    },
    code_inline: { mark: 'code', noCloseToken: true },
  });
  return memoParser;
}

/** Fence info string → codeBlock `language` attr (first word, conservative charset) or null. */
export function normaliseLanguage(info: unknown): string | null {
  if (typeof info !== 'string') return null;
  const word = info.trim().split(/\s+/)[0] ?? '';
  return /^[A-Za-z0-9_+#.-]{1,32}$/.test(word) ? word : null;
}

let memoSerializer: MarkdownSerializer | undefined;

function getSerializer(): MarkdownSerializer {
  if (memoSerializer) return memoSerializer;
  const base = defaultMarkdownSerializer;
  memoSerializer = new MarkdownSerializer(
    {
      doc: (state, node) => state.renderContent(node),
      blockquote: base.nodes.blockquote,
      paragraph: base.nodes.paragraph,
      heading: base.nodes.heading,
      horizontalRule: (state, node) => {
        state.write('---');
        state.closeBlock(node);
      },
      listItem: base.nodes.list_item,
      bulletList: (state, node) => state.renderList(node, '  ', () => '- '),
      orderedList: (state, node) => {
        const start = typeof node.attrs.start === 'number' ? node.attrs.start : 1;
        const maxW = String(start + node.childCount - 1).length;
        const space = state.repeat(' ', maxW + 2);
        state.renderList(node, space, (i) => {
          const n = String(start + i);
          return state.repeat(' ', maxW - n.length) + n + '. ';
        });
      },
      codeBlock: (state, node) => {
        const backticks = node.textContent.match(/`{3,}/gm);
        const fence = backticks ? backticks.sort().slice(-1)[0] + '`' : '```';
        const lang = normaliseLanguage(node.attrs.language) ?? '';
        state.write(fence + lang + '\n');
        state.text(node.textContent, false);
        state.write('\n');
        state.write(fence);
        state.closeBlock(node);
      },
      hardBreak: base.nodes.hard_break,
      text: base.nodes.text,
    },
    {
      italic: { open: '*', close: '*', mixable: true, expelEnclosingWhitespace: true },
      bold: { open: '**', close: '**', mixable: true, expelEnclosingWhitespace: true },
      link: base.marks.link,
      code: base.marks.code,
    },
    {
      hardBreakNodeName: 'hardBreak',
      // Escape `<` that could start an autolink and `&` that could start an entity,
      // so text survives a Markdown round trip verbatim.
      escapeExtraCharacters: /<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>@]+@)|&(?=#?[A-Za-z0-9]+;)/g,
      strict: false,
    },
  );
  return memoSerializer;
}

/** Drop link marks whose href breaks the link rule (markdown-it already refuses javascript:/data:). */
function stripUnsafeLinks(node: PMNode, schema: Schema): PMNode {
  let unsafe = false;
  node.descendants((n) => {
    if (n.marks.some((m) => m.type.name === 'link' && !isSafeLinkHref(m.attrs.href))) unsafe = true;
    return !unsafe;
  });
  if (!unsafe) return node;
  const json = node.toJSON() as { content?: unknown[] };
  const clean = (n: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...n };
    if (Array.isArray(n.marks)) {
      const marks = (n.marks as Array<{ type: string; attrs?: { href?: unknown } }>).filter(
        (m) => m.type !== 'link' || isSafeLinkHref(m.attrs?.href),
      );
      if (marks.length) out.marks = marks;
      else delete out.marks;
    }
    if (Array.isArray(n.content)) out.content = (n.content as Record<string, unknown>[]).map(clean);
    return out;
  };
  return PMNode.fromJSON(schema, clean(json as Record<string, unknown>));
}

/**
 * Parse Markdown (CommonMark, no HTML, no images) into a rich-text document.
 * '' (or whitespace) → the canonical empty doc. Unsafe links are reduced to their text.
 */
export function markdownToDoc(md: string): RichTextDoc {
  const text = typeof md === 'string' ? md.replace(/\r\n?/g, '\n') : '';
  if (text.trim() === '') return emptyRichTextDoc();
  const schema = getSharedRichTextSchema();
  const node = stripUnsafeLinks(getParser().parse(text), schema);
  return node.toJSON() as RichTextDoc;
}

/**
 * Serialise a rich-text document to Markdown. Null/undefined → ''. A string
 * is assumed to already be Markdown and returned as is. A document that does
 * not fit the schema degrades to its plain text instead of throwing.
 */
export function docToMarkdown(doc: RichTextDoc | null | undefined): string {
  if (doc == null) return '';
  if (typeof doc === 'string') return doc;
  try {
    const node = PMNode.fromJSON(getSharedRichTextSchema(), doc);
    node.check();
    return getSerializer().serialize(node, { tightLists: true });
  } catch {
    return docToPlainText(doc);
  }
}
