import { templateFields, type Template } from '../../templates/schema';
import { isEmptyRichText } from './richtext/schema.server';
import type { EditState, MergeField, RowValue } from './merge';

/** How each field of a template merges (computed fields are never edited). */
export function mergeSpecOf(template: Template): MergeField[] {
  return templateFields(template)
    .filter((f) => f.type !== 'computed')
    .map((f) => ({ key: f.key, kind: f.type === 'timeline' || f.type === 'checklist' || f.type === 'actions' ? f.type : 'scalar' }));
}

type RowLike = { id?: string; version?: number; fieldKey: string; title: string; kind: string; owner: string | null; dueDate: string | null; status: string; url: string | null };

export const rowValueOf = (a: Omit<RowLike, 'fieldKey'>): RowValue => ({
  id: a.id,
  version: a.version,
  title: a.title,
  kind: a.kind,
  owner: a.owner ?? null,
  dueDate: a.dueDate ?? null,
  status: a.status,
  url: a.url ?? null,
});

/**
 * A stored state (a document, or a revision snapshot) as the merge sees it: what the edit form
 * can change, with empty rich text counted as empty.
 */
export function editStateOf(
  template: Template,
  s: { title: string; severity: string | null; service: string | null; tags: string[]; fields: Record<string, unknown>; actionItems?: RowLike[] },
): EditState {
  const fields: Record<string, unknown> = {};
  const rows: Record<string, RowValue[]> = {};
  for (const f of templateFields(template)) {
    if (f.type === 'computed') continue;
    if (f.type === 'actions') {
      rows[f.key] = (s.actionItems ?? []).filter((a) => a.fieldKey === f.key).map(rowValueOf);
      continue;
    }
    const v = s.fields?.[f.key];
    if (v === undefined || v === null || (f.type === 'richtext' && isEmptyRichText(v))) continue;
    fields[f.key] = v;
  }
  return { meta: { title: s.title ?? '', severity: s.severity ?? null, service: s.service ?? null, tags: s.tags ?? [] }, fields, rows };
}
