import type { KindView } from '../views';

export const peopleView: KindView<'people'> = {
  View: ({ value }) => <span>{value.join(', ')}</span>,
};
