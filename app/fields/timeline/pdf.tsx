import { tablePdf } from '~/fields/pdf-parts';
import { TimelineTable, keepRow } from '~/pdf/fields';

export const timelinePdf = tablePdf<'timeline'>(
  ({ value = [] }) => <TimelineTable entries={value} />,
  (_f, value) => value.every((e) => keepRow(e.text)),
);
