import { listItems, type KindMarkdown } from '~/fields/markdown';
import { CHECKLIST_ANSWER_LABELS, answerLabel } from '~/fields/checklist/text';
import type { ChecklistEvidence } from '~/models/types';

const UNANSWERED = 'Unanswered';
const EVIDENCE = /^Evidence: \[((?:\\.|[^\]\\])*)\]\((\S+)\) checked (\d{4}-\d{2}-\d{2})$/;

const escapeLabel = (s: string) => s.replace(/[\\\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
const unescapeLabel = (s: string) => s.replace(/\\(.)/g, '$1');

/**
 * `- <question>: <answer>` and ` — <note>` when there is one, for every question answered, noted or evidenced;
 * each evidence link a nested `- Evidence: [label](url) checked YYYY-MM-DD` under it.
 */
export const checklistMarkdown: KindMarkdown<'checklist'> = {
  toMarkdown: (field, v) =>
    field.items
      .filter((i) => v[i.key]?.answer || v[i.key]?.note || v[i.key]?.evidence?.length)
      .map((i) => {
        const a = v[i.key];
        const head = `- ${i.label}: ${answerLabel(a.answer) || UNANSWERED}${a.note ? ` — ${a.note.replace(/\n/g, ' ')}` : ''}`;
        const evidence = (a.evidence ?? []).map((e) => `  - Evidence: [${escapeLabel(e.label)}](${e.url}) checked ${e.checkedOn}`);
        return [head, ...evidence].join('\n');
      })
      .join('\n'),
  fromMarkdown: (field, body) => {
    const out: Record<string, { answer: string | null; note: string; evidence?: ChecklistEvidence[] }> = {};
    let current: string | null = null;
    for (const line of listItems(body)) {
      const ev = EVIDENCE.exec(line);
      if (ev && current) {
        const entry = out[current];
        entry.evidence = [...(entry.evidence ?? []), { label: unescapeLabel(ev[1]), url: ev[2], checkedOn: ev[3] }];
        continue;
      }
      const item = field.items.find((i) => line.startsWith(`${i.label}: `));
      if (!item) continue;
      const [said, ...note] = line.slice(item.label.length + 2).split(' — ');
      const answer = Object.entries(CHECKLIST_ANSWER_LABELS).find(([, label]) => label === said.trim())?.[0] ?? null;
      out[item.key] = { answer, note: note.join(' — ') };
      current = item.key;
    }
    return out;
  },
};
