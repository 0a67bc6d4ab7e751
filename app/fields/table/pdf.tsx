import { tablePdf } from '~/fields/pdf-parts';
import { RowsTable, keepRow } from '~/pdf/fields';

export const tablePdfKind = tablePdf<'table'>(
  ({ field, value = [] }) => <RowsTable columns={field.columns} rows={value} />,
  (field, value) => value.every((r) => keepRow(field.columns.map((c) => r[c.key] ?? '').join(' '))),
);
