import { templateFields, type Template } from '../../templates/schema';
import { valueLayerOf } from '~/fields/values.server';
import { isEmptyField } from '~/fields/text';
import type { EditState, MergeField, RowValue } from '~/lib/merge';

/** How each field of a template merges, as its kind says (computed fields are never edited). */
export function mergeSpecOf(template: Template): MergeField[] {
  return templateFields(template).flatMap((f) => {
    const kind = valueLayerOf(f).merge;
    return kind ? [{ key: f.key, kind }] : [];
  });
}

type RowLike = {
  id?: string;
  version?: number;
  fieldKey: string;
  title: string;
  kind: string;
  owner: string | null;
  dueDate: string | null;
  status: string;
  url: string | null;
};

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
  s: {
    title: string;
    severity: string | null;
    service: string | null;
    tags: string[];
    fields: Record<string, unknown>;
    actionItems?: RowLike[];
  },
): EditState {
  const fields: Record<string, unknown> = {};
  const rows: Record<string, RowValue[]> = {};
  for (const f of templateFields(template)) {
    const merge = valueLayerOf(f).merge;
    if (merge === 'actions') rows[f.key] = (s.actionItems ?? []).filter((a) => a.fieldKey === f.key).map(rowValueOf);
    if (merge === null || merge === 'actions') continue;
    const v = s.fields?.[f.key];
    // An empty value (an editor's blank paragraph, a blank text) is no value.
    if (v === undefined || v === null || isEmptyField(f, s)) continue;
    fields[f.key] = v;
  }
  return { meta: { title: s.title ?? '', severity: s.severity ?? null, service: s.service ?? null, tags: s.tags ?? [] }, fields, rows };
}
