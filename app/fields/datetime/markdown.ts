import type { KindMarkdown } from '~/fields/markdown';

/** The stored UTC ISO instant: exact, and read back by the same instant parser as any typed time. */
export const datetimeMarkdown: KindMarkdown<'datetime'> = { toMarkdown: (_f, v) => v, fromMarkdown: (_f, body) => body };
