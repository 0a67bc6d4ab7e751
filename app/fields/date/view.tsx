import type { KindView } from '~/fields/views';

export const dateView: KindView<'date'> = {
  View: ({ value }) => <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span>,
};
