import type { KindView } from '~/fields/views';

export const textView: KindView<'text'> = {
  View: ({ value }) => <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span>,
};
