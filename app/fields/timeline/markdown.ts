import { listItems, type KindMarkdown } from '../markdown';

/** `- <UTC ISO instant> [marker] text`, one entry per item. */
export const timelineMarkdown: KindMarkdown<'timeline'> = {
  toMarkdown: (_f, v) => v.map((e) => `- ${e.at} ${e.marker ? `[${e.marker}] ` : ''}${e.text.replace(/\n/g, ' ')}`).join('\n'),
  fromMarkdown: (_f, body) =>
    listItems(body).map((item) => {
      const m = /^(\S+)\s+(?:\[(\w+)\]\s+)?(.*)$/.exec(item);
      return m ? { at: m[1], text: m[3], ...(m[2] ? { marker: m[2] } : {}) } : { at: '', text: item };
    }),
};
