import { tablePdf } from '~/fields/pdf-parts';
import { ActionsTable, keepRow } from '~/pdf/fields';

export const actionsPdf = tablePdf<'actions'>(
  ({ value = [] }) => <ActionsTable items={value} />,
  (_f, value) => value.every((a) => keepRow(a.title, a.url, a.owner)),
);
