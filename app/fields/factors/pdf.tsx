import { tablePdf } from '~/fields/pdf-parts';
import { FactorsTable, keepRow } from '~/pdf/fields';

export const factorsPdf = tablePdf<'factors'>(
  ({ value = [] }) => <FactorsTable factors={value} />,
  (_f, value) => value.every((f) => keepRow(f.text)),
);
