import { listItems, type KindMarkdown } from '~/fields/markdown';

export const peopleMarkdown: KindMarkdown<'people'> = {
  toMarkdown: (_f, v) => v.map((p) => `- ${p}`).join('\n'),
  // A list, or names on one line separated by commas (as wikis write authors).
  fromMarkdown: (_f, body) => {
    const items = listItems(body);
    return items.length
      ? items
      : body
          .split(/[,;\n]/)
          .map((s) => s.trim())
          .filter(Boolean);
  },
};
