/**
 * Plain-text extraction from a rich-text (ProseMirror JSON) document.
 * Browser-safe, dependency-free and total: any input, however malformed,
 * yields a string ('' for garbage). Nodes are walked by ./walk.
 */

import { MAX_DEPTH, attrsOf, childrenOf, hasBlockChildren, inlineText, isNode, type PmNode } from '~/lib/richtext/walk';

export { isEmptyRichText } from '~/lib/richtext/walk';

function indentLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line === '' ? '' : rest) + line)
    .join('\n');
}

/** Returns the block lines of a node. */
function blockText(node: unknown, depth: number): string[] {
  if (!isNode(node) || depth > MAX_DEPTH) return [];
  switch (node.type) {
    case 'text':
    case 'hardBreak':
      return [inlineText(node, depth)];
    case 'horizontalRule':
      return [];
    case 'paragraph':
    case 'heading':
    case 'codeBlock':
      return [inlineText(node, depth)];
    case 'bulletList':
    case 'orderedList': {
      const attrs = attrsOf(node);
      const start = typeof attrs.start === 'number' && Number.isFinite(attrs.start) ? Math.trunc(attrs.start) : 1;
      const out: string[] = [];
      let n = 0;
      for (const item of childrenOf(node)) {
        if (!isNode(item)) continue;
        const marker = node.type === 'orderedList' ? `${start + n}. ` : '- ';
        n++;
        const body = (item.type === 'listItem' ? blocksOf(item, depth + 1) : blockText(item, depth + 1)).join('\n');
        out.push(indentLines(body, marker, ' '.repeat(marker.length)));
      }
      return out;
    }
    default:
      // doc, blockquote, listItem and unknown nodes: blocks if they have block children,
      // otherwise their inline text as a single block.
      if (hasBlockChildren(node)) return blocksOf(node, depth);
      if (node.type === 'doc' || node.type === 'listItem' || node.type === 'blockquote') {
        return childrenOf(node).length === 0 ? [] : [inlineText(node, depth)];
      }
      {
        // Unknown leaf/inline container: its text, or nothing.
        const text = inlineText(node, depth);
        return text ? [text] : [];
      }
  }
}

function blocksOf(node: Record<string, unknown>, depth: number): string[] {
  const out: string[] = [];
  for (const child of childrenOf(node)) out.push(...blockText(child, depth + 1));
  return out;
}

/**
 * Plain text of a rich-text document: blocks separated by newlines, list
 * items prefixed with '- ' or '1. ' (nested lists indented). Never throws.
 */
export function docToPlainText(doc: unknown): string {
  try {
    if (typeof doc === 'string') return doc;
    if (!isNode(doc)) return '';
    return blockText(doc as PmNode, 0).join('\n');
  } catch {
    return '';
  }
}

/** Strip ASCII control characters and whitespace the way browsers do before scheme detection. */
function compactHref(href: string): string {
  return href.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000\ufeff]/g, '');
}

/**
 * The link rule: only `http:`, `https:`, `mailto:` and site-relative `/…`
 * links are allowed. Protocol-relative (`//host`, `/\host`) and everything
 * else (`javascript:`, `data:`, `vbscript:`, bare `www.x`, `#frag`) is refused.
 */
export function isSafeLinkHref(href: unknown): href is string {
  if (typeof href !== 'string') return false;
  if (href.length === 0 || href.length > 2048) return false;
  // Control characters inside a URL are never legitimate and are a classic filter bypass.
  if (/[\u0000-\u001f\u007f]/.test(href)) return false;
  const compact = compactHref(href);
  if (compact.startsWith('/')) {
    return !(compact.startsWith('//') || compact.startsWith('/\\'));
  }
  return /^(?:https?:\/\/[^/\\\s]|mailto:.)/i.test(compact);
}
