import type { KindMarkdown } from '~/fields/markdown';

export const textMarkdown: KindMarkdown<'text'> = { toMarkdown: (_f, v) => v, fromMarkdown: (_f, body) => body };
