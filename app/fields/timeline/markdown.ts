import { tableRows, type KindMarkdown } from '~/fields/markdown';
import { listItems } from '~/fields/markdown';

/** '2016-06-15T22:04:00Z' → '2016-06-15 22:04 UTC' (seconds only when there are some). */
export const utcTime = (iso: string) => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]}${m[3] && m[3] !== ':00' ? m[3] : ''} UTC` : iso;
};
const cell = (s: string) => s.replace(/\n/g, ' ').replace(/\|/g, '\\|');

/** A table of UTC times, marker and event; read back from such a table or from `- <instant> [marker] text` items. */
export const timelineMarkdown: KindMarkdown<'timeline'> = {
  toMarkdown: (_f, v) =>
    [
      '| Time (UTC) | Marker | Event |',
      '| --- | --- | --- |',
      ...v.map((e) => `| ${utcTime(e.at)} | ${e.marker ?? ''} | ${cell(e.text)} |`),
    ].join('\n'),
  fromMarkdown: (_f, body) => {
    const rows = tableRows(body);
    if (rows.length)
      return rows.slice(1).map(([at = '', marker = '', ...text]) => ({ at, text: text.join(' | '), ...(marker ? { marker } : {}) }));
    return listItems(body).map((item) => {
      const m = /^(\S+)\s+(?:\[(\w+)\]\s+)?(.*)$/.exec(item);
      return m ? { at: m[1], text: m[3], ...(m[2] ? { marker: m[2] } : {}) } : { at: '', text: item };
    });
  },
};
