import type { KindView } from '~/fields/views';

export const peopleView: KindView<'people'> = {
  View: ({ value }) => <span>{value.join(', ')}</span>,
};
