import type { ActionItemValue } from '~/fields/kind';
import type { KindForm } from '~/fields/forms';
import { formRows, type ActionRow } from '~/fields/form-rows';

type StoredRow = Omit<ActionItemValue, 'fieldKey'>;

/** A stored row as form inputs; `base` is the stored row the save compares against (the row itself by default). */
export function actionRowOf(a: StoredRow, base: StoredRow | undefined = a): ActionRow {
  return {
    id: a.id,
    title: a.title,
    kind: a.kind,
    owner: a.owner ?? '',
    dueDate: a.dueDate ?? '',
    status: a.status,
    url: a.url ?? '',
    base:
      a.id && base
        ? JSON.stringify({
            id: base.id,
            version: base.version,
            title: base.title,
            kind: base.kind,
            owner: base.owner,
            dueDate: base.dueDate,
            status: base.status,
            url: base.url,
          })
        : undefined,
  };
}

/** The rows a save keeps: not marked for removal, and not one of the blank rows offered for adding. */
export const keptActionRows = (rows: ActionRow[]) =>
  rows.filter((x) => !x.remove && (x.id || x.title.trim() || x.owner.trim() || x.url.trim()));

export const actionsForm: KindForm<'actions'> = {
  toForm: (_f, v) => (v ?? []).map((a) => actionRowOf(a)),
  fromForm: (field, form) => {
    const rows = formRows(form, `f.${field.key}.`, ['id', 'title', 'kind', 'owner', 'dueDate', 'status', 'url', 'remove', 'base']).map(
      (x): ActionRow => ({
        id: x.id || undefined,
        title: x.title ?? '',
        kind: x.kind ?? '',
        owner: x.owner ?? '',
        dueDate: x.dueDate ?? '',
        status: x.status ?? '',
        url: x.url ?? '',
        remove: x.remove === 'on',
        base: x.base || undefined,
      }),
    );
    return { shown: keptActionRows(rows), rows };
  },
};
