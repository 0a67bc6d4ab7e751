import type { KindView } from '~/fields/views';
import { selectLabel } from '~/fields/select/text';

export const selectView: KindView<'select'> = {
  View: ({ field, value }) => <span>{selectLabel(field, value)}</span>,
};
