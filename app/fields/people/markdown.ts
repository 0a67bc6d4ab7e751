import { listItems, type KindMarkdown } from '../markdown';

export const peopleMarkdown: KindMarkdown<'people'> = {
  toMarkdown: (_f, v) => v.map((p) => `- ${p}`).join('\n'),
  fromMarkdown: (_f, body) => listItems(body),
};
