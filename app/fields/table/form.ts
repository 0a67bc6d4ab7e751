import type { KindForm } from '~/fields/forms';
import { formRows } from '~/fields/form-rows';

/** The posted cells `f.<key>.<row>.<column>`, in row order; rows left blank are dropped by the value schema. */
export const tableForm: KindForm<'table'> = {
  toForm: (_f, v) => (v ?? []).map((r) => ({ ...r })),
  fromForm: (field, form) => {
    const cols = field.columns.map((c) => c.key);
    const rows = formRows(form, `f.${field.key}.`, cols).map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? ''])));
    const kept = rows.filter((r) => Object.values(r).some((c) => c.trim()));
    return { shown: rows, raw: kept };
  },
};
