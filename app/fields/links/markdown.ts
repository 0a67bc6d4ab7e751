import { listItems, type KindMarkdown } from '~/fields/markdown';

export const linksMarkdown: KindMarkdown<'links'> = {
  toMarkdown: (_f, v) => v.map((l) => (l.label ? `- [${l.label.replace(/[[\]]/g, '\\$&')}](<${l.url}>)` : `- <${l.url}>`)).join('\n'),
  fromMarkdown: (_f, body) =>
    listItems(body).map((item) => {
      const labelled = /^\[((?:\\.|[^\]\\])*)\]\(<?([^)>]*)>?\)$/.exec(item);
      if (labelled) return { label: labelled[1].replace(/\\(.)/g, '$1'), url: labelled[2] };
      return /^<(.*)>$/.exec(item)?.[1] ?? item;
    }),
};
