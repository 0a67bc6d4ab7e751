import { BLANK_ROWS } from '~/fields/form-rows';
import type { KindInput } from '~/fields/inputs';
import { ErrorText, errorUnder } from '~/fields/input-parts';

/**
 * A table of inputs, one row per stored row plus blank rows: a form without JavaScript adds a row by filling a
 * blank one and saving, and removes one by clearing it.
 */
export const tableInput: KindInput<'table'> = {
  Input: ({ field, value = [], errors }) => {
    const rows = [...value, ...Array.from({ length: BLANK_ROWS }, () => ({}) as Record<string, string>)];
    return (
      <div role="group" aria-label={field.label} className="table-field">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">#</th>
              {field.columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                  {c.required ? <span aria-hidden="true"> *</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                {field.columns.map((c) => {
                  const path = `fields.${field.key}.${i}.${c.key}`;
                  const error = errorUnder(errors, path);
                  return (
                    <td key={c.key}>
                      <textarea
                        name={`f.${field.key}.${i}.${c.key}`}
                        defaultValue={row[c.key] ?? ''}
                        rows={2}
                        aria-label={`Row ${i + 1}: ${c.label}`}
                        aria-invalid={!!error}
                        aria-describedby={error ? `${path}-error` : undefined}
                        maxLength={c.maxLength ?? 2000}
                      />
                      <ErrorText id={`${path}-error`} message={error} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <ErrorText id={`fields.${field.key}-rows-error`} message={errorUnder(errors, `fields.${field.key}`)} />
        <p className="help">Fill a blank row to add one; clear every cell of a row to remove it.</p>
      </div>
    );
  },
  grouped: true,
};
