import { listItems, type KindMarkdown } from '~/fields/markdown';
import { factorLine } from '~/fields/factors/text';

/** `- Statement [category, category]`, read back by the value schema's line shorthand. */
export const factorsMarkdown: KindMarkdown<'factors'> = {
  toMarkdown: (_f, v) => v.map((f) => `- ${factorLine({ ...f, text: f.text.replace(/\n/g, ' ') })}`).join('\n'),
  fromMarkdown: (_f, body) => listItems(body).join('\n'),
};
