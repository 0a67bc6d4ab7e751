import { tablePdf } from '~/fields/pdf-parts';
import { ChecklistTable, keepRow } from '~/pdf/fields';

export const checklistPdf = tablePdf<'checklist'>(
  ({ field, value = {} }) => <ChecklistTable field={field} answers={value} />,
  (field, value) => field.items.every((item) => keepRow(item.label, value[item.key]?.note)),
);
