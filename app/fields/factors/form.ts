import type { KindForm } from '~/fields/forms';
import type { FactorRow } from '~/fields/form-rows';

/** The posted rows `f.<key>.<i>.text` and the checked `f.<key>.<i>.cat` boxes, in index order; blank rows dropped. */
function postedRows(form: FormData, prefix: string): FactorRow[] {
  const byIndex = new Map<number, FactorRow>();
  for (const [k, v] of form.entries()) {
    if (!k.startsWith(prefix) || typeof v !== 'string') continue;
    const [idx, name] = k.slice(prefix.length).split('.');
    const i = Number(idx);
    if (!/^\d{1,4}$/.test(idx) || (name !== 'text' && name !== 'cat')) continue;
    const row = byIndex.get(i) ?? { text: '', categories: [] };
    if (name === 'text') row.text = v;
    else if (v && !row.categories.includes(v)) row.categories.push(v);
    byIndex.set(i, row);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

export const factorsForm: KindForm<'factors'> = {
  toForm: (_f, v) => (v ?? []).map((f): FactorRow => ({ text: f.text, categories: [...f.categories] })),
  fromForm: (field, form) => {
    const kept = postedRows(form, `f.${field.key}.`).filter((r) => r.text.trim() || r.categories.length);
    return { shown: kept, raw: kept };
  },
};
