/**
 * Server-side validation of rich-text fields.
 *
 * Rich text is stored as ProseMirror JSON produced by the tiptap editor
 * (see `./extensions`). Anything posted by a client — the editor's hidden
 * JSON input, the no-JS Markdown textarea, or the JSON API — goes through
 * {@link parseRichText} before it is stored.
 */
import { Node as PMNode, type Schema } from '@tiptap/pm/model';
import { getSharedRichTextSchema, isSafeLinkHref } from '~/lib/richtext/extensions';
import { emptyRichTextDoc, markdownToDoc, normaliseLanguage, type RichTextDoc } from '~/lib/richtext/markdown';

export type { RichTextDoc } from '~/lib/richtext/markdown';
export { docToMarkdown, markdownToDoc, emptyRichTextDoc } from '~/lib/richtext/markdown';
export { docToPlainText } from '~/lib/richtext/text';
export { isSafeLinkHref } from '~/lib/richtext/extensions';

export type RichTextParse = { ok: true; doc: RichTextDoc } | { ok: false; message: string };

/** Limits that keep hostile input from costing more than a normal document. */
export const RICH_TEXT_LIMITS = {
  /** Max length of a Markdown or JSON string input (characters). */
  maxInputChars: 500_000,
  /** Max node nesting depth (doc = 1). */
  maxDepth: 64,
  /** Max number of nodes (including text nodes). */
  maxNodes: 50_000,
} as const;

const ORDERED_LIST_TYPES = new Set(['1', 'a', 'A', 'i', 'I']);
const LINK_REL = 'noopener noreferrer nofollow';

/** The ProseMirror schema of the editor (`getSchema(richTextExtensions)`), memoised. */
export function getRichTextSchema(): Schema {
  return getSharedRichTextSchema();
}

class RichTextError extends Error {}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Structural pre-check of untrusted JSON before handing it to ProseMirror:
 * shapes, known node/mark names, primitive attrs, depth and size limits.
 */
function precheck(root: unknown, schema: Schema): void {
  let count = 0;
  const visit = (node: unknown, depth: number, path: string): void => {
    if (depth > RICH_TEXT_LIMITS.maxDepth) throw new RichTextError('Rich text is nested too deeply');
    if (++count > RICH_TEXT_LIMITS.maxNodes) throw new RichTextError('Rich text is too large');
    if (!isPlainObject(node)) throw new RichTextError(`Invalid node at ${path}: expected an object`);
    const type = node.type;
    if (typeof type !== 'string') throw new RichTextError(`Invalid node at ${path}: missing type`);
    if (!Object.hasOwn(schema.nodes, type)) {
      throw new RichTextError(`Unsupported node type "${type.slice(0, 40)}"`);
    }
    if (node.attrs !== undefined && node.attrs !== null) {
      if (!isPlainObject(node.attrs)) throw new RichTextError(`Invalid attrs on ${type}`);
      for (const value of Object.values(node.attrs)) {
        if (!isPrimitive(value)) throw new RichTextError(`Invalid attribute value on ${type}`);
      }
    }
    if (node.text !== undefined && typeof node.text !== 'string') {
      throw new RichTextError(`Invalid text at ${path}`);
    }
    if (typeof node.text === 'string' && node.text.length > RICH_TEXT_LIMITS.maxInputChars) {
      throw new RichTextError('Rich text is too large');
    }
    if (node.marks !== undefined && node.marks !== null) {
      if (!Array.isArray(node.marks)) throw new RichTextError(`Invalid marks on ${type}`);
      if (node.marks.length > 16) throw new RichTextError(`Too many marks on ${type}`);
      for (const mark of node.marks) {
        if (!isPlainObject(mark) || typeof mark.type !== 'string') {
          throw new RichTextError(`Invalid mark on ${type}`);
        }
        if (!Object.hasOwn(schema.marks, mark.type)) {
          throw new RichTextError(`Unsupported mark type "${mark.type.slice(0, 40)}"`);
        }
        if (mark.attrs !== undefined && mark.attrs !== null) {
          if (!isPlainObject(mark.attrs)) throw new RichTextError(`Invalid attrs on mark ${mark.type}`);
          for (const value of Object.values(mark.attrs)) {
            if (!isPrimitive(value)) throw new RichTextError(`Invalid attribute value on mark ${mark.type}`);
          }
        }
      }
    }
    if (node.content !== undefined && node.content !== null) {
      if (!Array.isArray(node.content)) throw new RichTextError(`Invalid content of ${type}`);
      node.content.forEach((child, i) => visit(child, depth + 1, `${path}.content[${i}]`));
    }
  };
  visit(root, 1, 'doc');
}

/** Attribute rules ProseMirror itself does not enforce. */
function checkAttributes(doc: PMNode): void {
  doc.descendants((node) => {
    switch (node.type.name) {
      case 'heading': {
        const level = node.attrs.level;
        if (!Number.isInteger(level) || level < 1 || level > 6) throw new RichTextError('Invalid heading level');
        break;
      }
      case 'orderedList': {
        const start = node.attrs.start;
        if (!Number.isSafeInteger(start) || start < 0 || start > 1_000_000_000) {
          throw new RichTextError('Invalid ordered list start');
        }
        if (node.attrs.type != null && !ORDERED_LIST_TYPES.has(node.attrs.type)) {
          throw new RichTextError('Invalid ordered list type');
        }
        break;
      }
      case 'codeBlock': {
        const lang = node.attrs.language;
        if (lang != null && normaliseLanguage(lang) !== lang) throw new RichTextError('Invalid code block language');
        break;
      }
    }
    for (const mark of node.marks) {
      if (mark.type.name !== 'link') continue;
      if (!isSafeLinkHref(mark.attrs.href)) {
        throw new RichTextError('Links must use http:, https: or mailto: (or be relative to this site)');
      }
      if (mark.attrs.title != null && typeof mark.attrs.title !== 'string') throw new RichTextError('Invalid link title');
    }
    return true;
  });
}

type JsonNode = { type: string; attrs?: Record<string, unknown>; marks?: JsonMark[]; content?: JsonNode[]; text?: string };
type JsonMark = { type: string; attrs?: Record<string, unknown> };

/** Canonicalise presentation-only link attrs (rel/target/class are not user data). */
function normaliseJson(node: JsonNode): JsonNode {
  if (node.marks) {
    node.marks = node.marks.map((m) =>
      m.type === 'link'
        ? {
            type: 'link',
            attrs: { href: m.attrs?.href, target: null, rel: LINK_REL, class: null, title: m.attrs?.title ?? null },
          }
        : m,
    );
  }
  if (node.content) node.content = node.content.map(normaliseJson);
  return node;
}

function validateJson(json: unknown): RichTextParse {
  const schema = getRichTextSchema();
  try {
    if (!isPlainObject(json)) return { ok: false, message: 'Rich text must be a document object' };
    if (json.type !== 'doc') return { ok: false, message: 'Rich text must be a document of type "doc"' };
    precheck(json, schema);
    if (json.content == null || (Array.isArray(json.content) && json.content.length === 0)) {
      return { ok: true, doc: emptyRichTextDoc() };
    }
    const node = PMNode.fromJSON(schema, json);
    node.check();
    checkAttributes(node);
    return { ok: true, doc: normaliseJson(node.toJSON() as JsonNode) as RichTextDoc };
  } catch (err) {
    if (err instanceof RichTextError) return { ok: false, message: err.message };
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      return { ok: false, message: 'Rich text is nested too deeply' };
    }
    const detail = err instanceof Error ? err.message.slice(0, 200) : 'invalid document';
    return { ok: false, message: `Invalid rich text: ${detail}` };
  }
}

/**
 * Parse and validate a rich-text value from an untrusted source.
 *
 * Accepts: a ProseMirror/tiptap JSON object `{ type: 'doc', … }`; a string
 * holding such JSON (starts with '{'); or a Markdown string ('' → empty doc).
 * `null`/`undefined` are treated as the empty document. A string that starts
 * with '{' but is not valid JSON is treated as Markdown.
 *
 * Returns the normalised JSON (`node.toJSON()`), or `{ ok: false, message }`
 * for unknown nodes/marks, unsafe links, malformed or oversized input.
 */
export function parseRichText(input: unknown): RichTextParse {
  if (input === undefined || input === null) return { ok: true, doc: emptyRichTextDoc() };
  if (typeof input === 'string') {
    if (input.length > RICH_TEXT_LIMITS.maxInputChars) return { ok: false, message: 'Rich text is too large' };
    const trimmed = input.trim();
    if (trimmed.startsWith('{')) {
      let parsed: unknown;
      let isJson = true;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        isJson = false;
      }
      if (isJson) return validateJson(parsed);
    }
    let doc: RichTextDoc;
    try {
      doc = markdownToDoc(input);
    } catch (err) {
      const detail = err instanceof Error ? err.message.slice(0, 200) : 'invalid Markdown';
      return { ok: false, message: `Could not read Markdown: ${detail}` };
    }
    return validateJson(doc);
  }
  if (typeof input === 'object' && !Array.isArray(input)) return validateJson(input);
  return { ok: false, message: 'Rich text must be a document object or a Markdown string' };
}

export { isEmptyRichText } from '~/lib/richtext/walk';
