import type { KindView } from '~/fields/views';
import { Utc } from '~/fields/view-parts';

export const datetimeView: KindView<'datetime'> = {
  View: ({ value }) => <Utc iso={value} />,
  utcNote: true,
};
