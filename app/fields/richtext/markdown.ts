import { docToMarkdown } from '~/lib/richtext/markdown';
import type { KindMarkdown } from '~/fields/markdown';

/** CommonMark both ways (the value schema converts Markdown input to a document). */
export const richtextMarkdown: KindMarkdown<'richtext'> = {
  toMarkdown: (_f, v) => docToMarkdown(v).trimEnd(),
  fromMarkdown: (_f, body) => body,
};
