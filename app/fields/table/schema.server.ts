import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { TableRow } from '~/models/types';
import type { KindValue } from '~/fields/values.server';
import type { FieldOf } from '~/fields/kind';
import { requiredFilled } from '~/fields/required.server';
import { tableText } from '~/fields/table/text';

const DEFAULT_MAX_ROWS = 50;

/**
 * Rows of strings keyed by the template's columns. Unknown columns are refused by name; a row with every cell
 * blank is dropped (the form's blank rows); a kept row needs its required cells, each error naming row and column.
 */
function rowsSchema(field: FieldOf<'table'>): z.ZodType<TableRow[]> {
  const cols = field.columns;
  const row = z
    .record(z.string(), z.unknown())
    .superRefine((r, ctx) => {
      for (const k of Object.keys(r))
        if (!cols.some((c) => c.key === k)) ctx.addIssue({ code: 'custom', path: [k], message: `unknown column "${k}"` });
    })
    .pipe(
      z.object(
        Object.fromEntries(
          cols.map((c) => [
            c.key,
            z.preprocess(
              (v) => (v === null || v === undefined ? '' : v),
              safeText(`${c.label}: write text`)
                .trim()
                .max(c.maxLength ?? 2000, `${c.label}: keep it under ${c.maxLength ?? 2000} characters`),
            ),
          ]),
        ),
      ),
    );
  return z
    .array(row)
    .transform((rows) => rows.filter((r) => cols.some((c) => (r[c.key] as string).length)) as TableRow[])
    .superRefine((rows, ctx) => {
      rows.forEach((r, i) => {
        for (const c of cols)
          if (c.required && !r[c.key])
            ctx.addIssue({ code: 'custom', path: [i, c.key], message: `Row ${i + 1}: fill in ${c.label}, or clear the row to remove it.` });
      });
      const max = field.maxRows ?? DEFAULT_MAX_ROWS;
      if (rows.length > max) ctx.addIssue({ code: 'custom', path: [], message: `${field.label}: at most ${max} rows` });
    })
    .transform((rows) => rows.map((r) => Object.fromEntries(cols.filter((c) => r[c.key]).map((c) => [c.key, r[c.key]]))));
}

export const tableValue: KindValue<'table'> = {
  input: (field) => rowsSchema(field),
  required: requiredFilled(tableText.isEmpty, (label) => `${label}: add at least one row.`),
  merge: 'scalar',
};
