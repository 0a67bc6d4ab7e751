import { formatDuration } from '~/lib/time';
import type { KindMarkdown } from '~/fields/markdown';

/** Out only: derived from other fields. */
export const computedMarkdown: KindMarkdown<'computed'> = {
  toMarkdown: (_f, v) => (v === null ? '' : formatDuration(v)),
  fromMarkdown: null,
};
