import type { Template } from '../../templates/schema';
import type { DocumentView } from '~/models/types';
import { fieldFromForm, fieldToForm } from '~/fields/forms';
import { fieldsOf, fieldsOfKind } from '~/fields/text';
import type { ActionItemValue } from '~/fields/kind';
import type { ActionRow } from '~/fields/form-rows';

export { BLANK_ROWS, type ActionRow, type TimelineRow } from '~/fields/form-rows';
export { actionRowOf, keptActionRows } from '~/fields/actions/form';
export { richTextFormValue } from '~/fields/richtext/form';

/**
 * The edit form's values: what the inputs show. The same shape comes back from a posted form,
 * so a refused save re-renders exactly what the person typed. Each kind's part is in app/fields/<kind>/form.ts.
 */
export type FormValues = Record<string, unknown>;

export function documentToFormValues(
  template: Template,
  doc: { fields: DocumentView['fields']; actionItems: readonly ActionItemValue[] },
): FormValues {
  const out: FormValues = {};
  for (const f of fieldsOf(template)) {
    const v = fieldToForm(f, doc);
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

/**
 * Read the posted edit form into FormValues (for re-display, each field in its own kind), raw
 * API-shaped fields (actions fields excluded) and every posted action row (removed ones too).
 */
export function formToFields(
  template: Template,
  form: FormData,
): { values: FormValues; raw: Record<string, unknown>; actionRows: Record<string, ActionRow[]> } {
  const values: FormValues = {};
  const raw: Record<string, unknown> = {};
  const actionRows: Record<string, ActionRow[]> = {};
  for (const f of fieldsOf(template)) {
    const posted = fieldFromForm(f, form);
    if (!posted) continue;
    values[f.key] = posted.shown;
    if ('raw' in posted) raw[f.key] = posted.raw;
    if (posted.rows) actionRows[f.key] = posted.rows;
  }
  return { values, raw, actionRows };
}

/**
 * On the merge page each field changed on both sides asks "theirs or yours": `conflict` lists
 * them, `resolve.<key>` holds the answer.
 */
export function mergeChoices(form: FormData): { conflicts: string[]; resolve: Record<string, 'theirs' | 'mine'> } {
  const conflicts = form
    .getAll('conflict')
    .map(String)
    .filter((k) => /^[A-Za-z][\w-]{0,99}$/.test(k));
  const resolve: Record<string, 'theirs' | 'mine'> = {};
  for (const k of conflicts) {
    const v = form.get(`resolve.${k}`);
    if (v === 'theirs' || v === 'mine') resolve[k] = v;
  }
  return { conflicts: [...new Set(conflicts)], resolve };
}

export type PasteRequest = { fieldKey: string; text: string; date: string; zone: string };

/** The paste box of the first timeline field that has text in it (the no-JS `intent=paste-timeline`). */
export function pasteRequest(template: Template, form: FormData): PasteRequest | null {
  for (const f of fieldsOfKind(template, 'timeline')) {
    const get = (k: string) => String(form.get(`paste.${f.key}.${k}`) ?? '');
    if (get('text').trim()) return { fieldKey: f.key, text: get('text'), date: get('date'), zone: get('zone') };
  }
  return null;
}
