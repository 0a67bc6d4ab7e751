import { tableRows, type KindMarkdown } from '~/fields/markdown';

const cell = (s: string) => s.replace(/\r?\n/g, '<br>').replace(/\|/g, '\\|');
const uncell = (s: string) => s.replace(/<br\s*\/?>/gi, '\n');

/**
 * A GFM table under the column labels (`|` escaped, line breaks as `<br>`), read back by matching the header
 * row's labels to the columns (any case, any order); a table without a matching header is read in column order.
 */
export const tableMarkdown: KindMarkdown<'table'> = {
  toMarkdown: (f, v) =>
    [
      `| ${f.columns.map((c) => cell(c.label)).join(' | ')} |`,
      `| ${f.columns.map(() => '---').join(' | ')} |`,
      ...v.map((r) => `| ${f.columns.map((c) => cell(r[c.key] ?? '')).join(' | ')} |`),
    ].join('\n'),
  fromMarkdown: (f, body) => {
    const rows = tableRows(body);
    if (!rows.length) return [];
    const header = rows[0].map((h) => h.toLowerCase());
    const byHeader = f.columns.map((c) => header.indexOf(c.label.toLowerCase()));
    const matched = byHeader.some((i) => i >= 0);
    const order = matched ? byHeader : f.columns.map((_, i) => i);
    return (matched ? rows.slice(1) : rows).map((cells) =>
      Object.fromEntries(f.columns.map((c, j) => [c.key, order[j] >= 0 ? uncell(cells[order[j]] ?? '') : ''])),
    );
  },
};
