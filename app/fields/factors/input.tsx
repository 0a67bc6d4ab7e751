import { BLANK_ROWS, type FactorRow } from '~/fields/form-rows';
import type { KindInput } from '~/fields/inputs';
import { ErrorText, errorUnder } from '~/fields/input-parts';
import { DEFAULT_FACTOR_CATEGORIES, type FactorCategory } from '~/lib/factor-categories';

const fallback: FactorCategory[] = DEFAULT_FACTOR_CATEGORIES.map((c) => ({ ...c, retired: false }));

/** The boxes a row offers: every category in use, plus a retired or unknown one the row already has. */
function offered(vocabulary: FactorCategory[], row: FactorRow): FactorCategory[] {
  const names = new Set(vocabulary.map((c) => c.name));
  return [
    ...vocabulary.filter((c) => !c.retired || row.categories.includes(c.name)),
    ...row.categories.filter((c) => !names.has(c)).map((name) => ({ name, description: '', retired: true })),
  ];
}

/**
 * One row per factor (a statement and category boxes) plus blank rows, so a form without JavaScript adds factors
 * by filling a blank row and saving.
 */
export const factorsInput: KindInput<'factors'> = {
  Input: ({ field, value = [], errors, ctx }) => {
    const vocabulary = ctx.factorCategories ?? fallback;
    const rows: FactorRow[] = [...value, ...Array.from({ length: BLANK_ROWS }, () => ({ text: '', categories: [] }))];
    return (
      <div role="group" aria-label={field.label} className="factors">
        {rows.map((row, i) => {
          const base = `fields.${field.key}.${i}`;
          const n = i + 1;
          return (
            <div className="checklist-item factor-row" key={i}>
              <input
                name={`f.${field.key}.${i}.text`}
                defaultValue={row.text}
                placeholder={i < value.length ? '' : 'Another contributing factor, as a short statement'}
                aria-label={`Factor ${n}`}
                aria-invalid={!!errorUnder(errors, `${base}.text`)}
                maxLength={500}
              />
              <fieldset aria-label={`Factor ${n} categories`}>
                {offered(vocabulary, row).map((c) => (
                  <label key={c.name} title={c.description || undefined}>
                    <input
                      type="checkbox"
                      name={`f.${field.key}.${i}.cat`}
                      value={c.name}
                      defaultChecked={row.categories.includes(c.name)}
                    />{' '}
                    {c.retired ? `${c.name} (retired)` : c.name}
                  </label>
                ))}
              </fieldset>
              <ErrorText id={`${base}-error`} message={errorUnder(errors, base)} />
            </div>
          );
        })}
        <p className="help">
          Clear a factor's statement and its boxes to remove it. Admins keep the categories at Admin → Factor categories.
        </p>
      </div>
    );
  },
  grouped: true,
};
