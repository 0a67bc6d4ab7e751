import type { KindMarkdown } from '~/fields/markdown';

export const dateMarkdown: KindMarkdown<'date'> = { toMarkdown: (_f, v) => v, fromMarkdown: (_f, body) => body };
