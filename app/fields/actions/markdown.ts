import { ACTION_STATUS_LABELS } from '~/lib/labels';
import { isIsoDate } from '~/lib/time';
import { tableRows, type KindMarkdown } from '~/fields/markdown';

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const statusOf = (s: string) =>
  Object.entries(ACTION_STATUS_LABELS).find(([k, label]) => norm(label) === norm(s) || norm(k) === norm(s))?.[0];

type Row = { title: string; kind?: string; owner?: string; dueDate?: string; status?: string; url?: string };

/** One item's facts, kept only when they are values an action item can hold (the rest stays out rather than failing the list). */
function row(kinds: readonly string[], title: string, facts: Record<string, string | undefined>, done = false): Row {
  const r: Row = { title: title.trim() };
  const kind = facts.kind && norm(facts.kind);
  if (kind && kinds.includes(kind)) r.kind = kind;
  if (facts.owner?.trim()) r.owner = facts.owner.trim().replace(/^@/, '');
  if (facts.due && isIsoDate(facts.due.trim())) r.dueDate = facts.due.trim();
  const status = facts.status ? statusOf(facts.status) : done ? 'done' : undefined;
  if (status) r.status = status;
  const url = facts.url
    ?.trim()
    .replace(/^<|>$/g, '')
    .replace(/^\[[^\]]*\]\(<?([^)>]*)>?\)$/, '$1');
  if (url && /^https?:\/\//i.test(url)) r.url = url;
  return r;
}

const COLUMNS: [keyof Row | 'due', RegExp][] = [
  ['title', /^(action( item)?s?|items?|title|task|what|description)$/],
  ['owner', /^(owners?|assignees?|who)$/],
  ['due', /^(due( date)?|deadline|by|date)$/],
  ['status', /^(status|state)$/],
  ['kind', /^(type|kind|category)$/],
  ['url', /^(bug|links?|ticket|issue|url|tracker)$/],
];

/**
 * A task list: `- [ ] title (owner: …; due: YYYY-MM-DD; status: …; kind: …) <url>`, checked when done. Read back from
 * such a list, from plain list items (a title each) or from a table with Action / Owner / Due / Status / Type / Bug columns.
 */
export const actionsMarkdown: KindMarkdown<'actions'> = {
  toMarkdown: (_f, v) =>
    v
      .map((a) => {
        const facts = [
          a.owner ? `owner: ${a.owner}` : '',
          a.dueDate ? `due: ${a.dueDate}` : '',
          `status: ${ACTION_STATUS_LABELS[a.status] ?? a.status}`,
          `kind: ${a.kind}`,
        ]
          .filter(Boolean)
          .join('; ');
        return `- [${a.status === 'done' ? 'x' : ' '}] ${a.title.replace(/\n/g, ' ')} (${facts})${a.url ? ` <${a.url}>` : ''}`;
      })
      .join('\n'),
  fromMarkdown: (field, body) => {
    const table = tableRows(body);
    if (table.length > 1) {
      const cols = table[0].map((h) => COLUMNS.find(([, re]) => re.test(norm(h)))?.[0]);
      const titleAt = cols.includes('title') ? cols.indexOf('title') : 0;
      return table
        .slice(1)
        .filter((cells) => cells[titleAt]?.trim())
        .map((cells) =>
          // 'DONE' written in any cell (as the SRE book's table does) when there is no status column.
          row(
            field.kinds,
            cells[titleAt],
            Object.fromEntries(cols.map((c, i) => [c, cells[i]]).filter(([c]) => c && c !== 'title')),
            cells.some((c) => /\bdone\b/i.test(c)),
          ),
        );
    }
    return body
      .split('\n')
      .map((l) => /^\s*(?:[-*+]|\d+[.)])\s+(?:\[([ xX])\]\s+)?(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => !!m && !!m[2].trim())
      .map((m) => {
        let text = m[2].trim();
        const link = /\s+<(https?:\/\/[^>\s]+)>$/.exec(text);
        if (link) text = text.slice(0, link.index);
        const facts: Record<string, string> = link ? { url: link[1] } : {};
        const paren = /\s*\(((?:owner|due|status|kind):[^)]*)\)$/i.exec(text);
        if (paren) {
          text = text.slice(0, paren.index);
          for (const part of paren[1].split(/;\s*/)) {
            const kv = /^(owner|due|status|kind):\s*(.*)$/i.exec(part.trim());
            if (kv) facts[kv[1].toLowerCase()] = kv[2];
          }
        }
        return row(field.kinds, text, facts, m[1]?.toLowerCase() === 'x');
      });
  },
};
