import type { KindView } from '../views';
import { Utc } from '../view-parts';

export const datetimeView: KindView<'datetime'> = {
  View: ({ value }) => <Utc iso={value} />,
  utcNote: true,
};
