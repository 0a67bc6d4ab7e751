import { listItems, type KindMarkdown } from '~/fields/markdown';
import { CHECKLIST_ANSWER_LABELS, answerLabel } from '~/fields/checklist/text';

const UNANSWERED = 'Unanswered';

/** `- <question>: <answer>` and ` — <note>` when there is one, for every question answered or noted. */
export const checklistMarkdown: KindMarkdown<'checklist'> = {
  toMarkdown: (field, v) =>
    field.items
      .filter((i) => v[i.key]?.answer || v[i.key]?.note)
      .map(
        (i) =>
          `- ${i.label}: ${answerLabel(v[i.key].answer) || UNANSWERED}${v[i.key].note ? ` — ${v[i.key].note.replace(/\n/g, ' ')}` : ''}`,
      )
      .join('\n'),
  fromMarkdown: (field, body) => {
    const out: Record<string, { answer: string | null; note: string }> = {};
    for (const line of listItems(body)) {
      const item = field.items.find((i) => line.startsWith(`${i.label}: `));
      if (!item) continue;
      const [said, ...note] = line.slice(item.label.length + 2).split(' — ');
      const answer = Object.entries(CHECKLIST_ANSWER_LABELS).find(([, label]) => label === said.trim())?.[0] ?? null;
      out[item.key] = { answer, note: note.join(' — ') };
    }
    return out;
  },
};
