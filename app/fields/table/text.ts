import type { TableRow } from '~/models/types';
import type { KindText } from '~/fields/text';
import type { FieldOf } from '~/fields/kind';
import { isArrayOf, isRecord, stored } from '~/fields/stored';

const isRow = (r: unknown) => isRecord(r) && Object.values(r).every((c) => typeof c === 'string');

/** A row as one line: `Risk: … · Planned response: …` (cells left empty are left out). */
export const rowLine = (field: FieldOf<'table'>, row: TableRow) =>
  field.columns
    .filter((c) => row[c.key]?.trim())
    .map((c) => `${c.label}: ${row[c.key].replace(/\n/g, ' ')}`)
    .join(' · ');

export const tableText: KindText<'table'> = {
  read: stored(isArrayOf<TableRow>(isRow)),
  isEmpty: (v) => v.length === 0,
  searchText: (f, v) => v.map((r) => f.columns.map((c) => r[c.key] ?? '').join(' ')).join('\n'),
  blamelessTexts: (f, v) => v.flatMap((r) => f.columns.map((c) => r[c.key] ?? '').filter(Boolean)),
  diffText: (f, v) => v.map((r) => rowLine(f, r)).join('\n'),
};
