import { formatDuration } from '~/lib/time';
import type { KindView } from '~/fields/views';

export const computedView: KindView<'computed'> = {
  showsEmpty: true,
  View: ({ value }) => (value === null ? <span className="muted">—</span> : <span>{formatDuration(value)}</span>),
};
