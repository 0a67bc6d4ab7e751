import type { KindView } from '../views';
import { selectLabel } from './text';

export const selectView: KindView<'select'> = {
  View: ({ field, value }) => <span>{selectLabel(field, value)}</span>,
};
