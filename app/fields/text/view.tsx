import type { KindView } from '../views';

export const textView: KindView<'text'> = {
  View: ({ value }) => <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span>,
};
