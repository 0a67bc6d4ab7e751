/**
 * The one walker over stored rich text (ProseMirror JSON). Every reader that goes through a document — plain
 * text, the read view, the PDF, the emptiness check — takes nodes and children from here, so they agree on what
 * a node is, how deep they go and what counts as content. Dependency-free and total: any input, however
 * malformed, is walked without throwing.
 */

/** Deeper nodes are ignored (a hostile document could nest thousands deep; the server refuses more than 64). */
export const MAX_DEPTH = 200;

export type PmNode = { type?: unknown; text?: unknown; attrs?: unknown; marks?: unknown; content?: unknown };

export function isNode(v: unknown): v is PmNode & Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function childrenOf(node: PmNode): unknown[] {
  return Array.isArray(node.content) ? node.content : [];
}

export function attrsOf(node: PmNode): Record<string, unknown> {
  return isNode(node.attrs) ? (node.attrs as Record<string, unknown>) : {};
}

/** Visit every node depth-first (the root at depth 0); returning false from `visit` skips a node's children. */
// biome-ignore lint/suspicious/noConfusingVoidType: a visitor may return nothing (keep going) or false (skip the children)
export function walk(root: unknown, visit: (node: PmNode, depth: number) => boolean | void, depth = 0): void {
  if (!isNode(root) || depth > MAX_DEPTH) return;
  if (visit(root, depth) === false) return;
  for (const c of childrenOf(root)) walk(c, visit, depth + 1);
}

/** Inline text of a node: its text nodes in order, a hard break as '\n'. */
export function inlineText(node: unknown, depth = 0): string {
  let out = '';
  walk(
    node,
    (n) => {
      if (n.type === 'text') out += typeof n.text === 'string' ? n.text : '';
      else if (n.type === 'hardBreak') out += '\n';
    },
    depth,
  );
  return out;
}

/** True when some child is a block (anything but text and hard breaks). */
export function hasBlockChildren(node: PmNode): boolean {
  return childrenOf(node).some((c) => isNode(c) && c.type !== 'text' && c.type !== 'hardBreak');
}

/**
 * True when the rich text shows nothing: null, a blank string, a value that is not a document node, or a document
 * with no visible text and no horizontal rule (empty or whitespace-only paragraphs, bare hard breaks).
 * The one rule for the required check, the edit merge, the read view and the PDF.
 */
export function isEmptyRichText(doc: unknown): boolean {
  if (typeof doc === 'string') return doc.trim() === '';
  let content = false;
  walk(doc, (n) => {
    if (content) return false;
    if ((n.type === 'text' && typeof n.text === 'string' && n.text.trim() !== '') || n.type === 'horizontalRule') content = true;
  });
  return !content;
}
