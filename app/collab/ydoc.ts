/**
 * How a document's editable values live in a Yjs document (decision 028), shared by the server (build, fold) and
 * the browser (the edit page binds its inputs to the same names):
 *  - each rich-text field is the XmlFragment `rt:<key>` (tiptap's Collaboration extension edits it);
 *  - every other value field (header facts, timeline rows, checklist answers, …) is one entry of the Map `fields`,
 *    holding the field's value as JSON (the last writer of a field wins);
 *  - the title is `title` in the Map `meta`.
 * Actions fields (rows in action_items) and computed fields are not in it.
 */
import type * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { Template } from '../../templates/schema';
// Not templates/schema's templateFields: that module's zod schemas would come into the edit page's bundle.
import { fieldsOf } from '~/fields/text';
import { getSharedRichTextSchema } from '~/lib/richtext/extensions';

import { richTextFragmentName } from '~/collab/names';

export { richTextFragmentName };

export type CollabValues = { title: string; fields: Record<string, unknown> };

type Kinds = { richtext: string[]; plain: string[] };

/** Which fields of `template` the Yjs document carries, by how. */
export function collabFieldsOf(template: Pick<Template, 'sections'>): Kinds {
  const richtext: string[] = [];
  const plain: string[] = [];
  for (const f of fieldsOf(template)) {
    if (f.type === 'richtext') richtext.push(f.key);
    else if (f.type !== 'actions' && f.type !== 'computed') plain.push(f.key);
  }
  return { richtext, plain };
}

/** A rich-text value with no text and nothing but empty paragraphs reads as no value. */
function isEmptyRichText(v: unknown): boolean {
  if (v == null) return true;
  const doc = v as { content?: { type?: string; content?: unknown[] }[] };
  return (doc.content ?? []).every((n) => n.type === 'paragraph' && !(n.content ?? []).length);
}

function canonical(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Two values of one field are the same for the fold (rich text compared with empty documents as no value). */
export function sameValue(kind: 'richtext' | 'plain', a: unknown, b: unknown): boolean {
  if (kind === 'richtext' && isEmptyRichText(a) && isEmptyRichText(b)) return true;
  return canonical(a) === canonical(b);
}

/** Replace what `ydoc` holds for the given fields (and the title when given) with `values`, in one transaction. */
export function writeValues(
  ydoc: Y.Doc,
  template: Pick<Template, 'sections'>,
  values: { title?: string; fields: Record<string, unknown> },
  only?: Set<string>,
  origin: unknown = null,
): void {
  const kinds = collabFieldsOf(template);
  const schema = getSharedRichTextSchema();
  ydoc.transact(() => {
    if (values.title !== undefined) ydoc.getMap('meta').set('title', values.title);
    for (const key of kinds.richtext) {
      if (only && !only.has(key)) continue;
      const fragment = ydoc.getXmlFragment(richTextFragmentName(key));
      if (fragment.length) fragment.delete(0, fragment.length);
      const v = values.fields[key];
      if (v != null && typeof v === 'object') prosemirrorJSONToYXmlFragment(schema, v, fragment);
    }
    const map = ydoc.getMap('fields');
    for (const key of kinds.plain) {
      if (only && !only.has(key)) continue;
      const v = values.fields[key];
      if (v === undefined || v === null) map.delete(key);
      else map.set(key, v);
    }
  }, origin);
}

/** What `ydoc` holds now, as field values (rich text as ProseMirror JSON, or null when empty). */
export function readValues(ydoc: Y.Doc, template: Pick<Template, 'sections'>): CollabValues {
  const kinds = collabFieldsOf(template);
  const fields: Record<string, unknown> = {};
  for (const key of kinds.richtext) {
    const fragment = ydoc.getXmlFragment(richTextFragmentName(key));
    const json = fragment.length ? yXmlFragmentToProsemirrorJSON(fragment) : null;
    fields[key] = isEmptyRichText(json) ? null : json;
  }
  const map = ydoc.getMap('fields');
  for (const key of kinds.plain) fields[key] = map.has(key) ? map.get(key) : null;
  const title = ydoc.getMap('meta').get('title');
  return { title: typeof title === 'string' ? title : '', fields };
}

/** The fields (and `title`) whose values differ between `a` and `b`. */
export function changedBetween(template: Pick<Template, 'sections'>, a: CollabValues, b: CollabValues): string[] {
  const kinds = collabFieldsOf(template);
  const out: string[] = [];
  if (a.title !== b.title) out.push('title');
  for (const key of kinds.richtext) if (!sameValue('richtext', a.fields[key], b.fields[key])) out.push(key);
  for (const key of kinds.plain) if (!sameValue('plain', a.fields[key], b.fields[key])) out.push(key);
  return out;
}

/** The values of a stored document that the Yjs document carries. */
export function collabValuesOf(
  template: Pick<Template, 'sections'>,
  doc: { title: string; fields: Record<string, unknown> },
): CollabValues {
  const kinds = collabFieldsOf(template);
  const fields: Record<string, unknown> = {};
  for (const key of [...kinds.richtext, ...kinds.plain]) fields[key] = doc.fields[key] ?? null;
  return { title: doc.title, fields };
}
