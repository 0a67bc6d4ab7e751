import type { ChecklistAnswer, ChecklistEvidence } from '~/models/types';
import type { ChecklistAnswers } from '~/fields/kind';
import type { KindForm } from '~/fields/forms';
import { formRows, formString } from '~/fields/form-rows';

/** Blank evidence rows offered under each question so a form without JavaScript can add links. */
export const BLANK_EVIDENCE_ROWS = 1;

export const checklistForm: KindForm<'checklist'> = {
  toForm: (_f, v) => v ?? {},
  fromForm: (field, form) => {
    const rec: ChecklistAnswers = {};
    for (const item of field.items) {
      const base = `f.${field.key}.${item.key}`;
      const answer = formString(form, `${base}.answer`);
      const note = formString(form, `${base}.note`);
      // Rows with every cell blank are the blank rows offered for adding.
      const evidence = formRows(form, `${base}.evidence.`, ['label', 'url', 'checkedOn'])
        .map((r) => ({ label: (r.label ?? '').trim(), url: (r.url ?? '').trim(), checkedOn: (r.checkedOn ?? '').trim() }))
        .filter((r) => r.label || r.url || r.checkedOn) as ChecklistEvidence[];
      if (answer || note || evidence.length)
        rec[item.key] = {
          answer: (answer || null) as ChecklistAnswer['answer'],
          note,
          ...(evidence.length ? { evidence } : {}),
        };
    }
    return { shown: rec, raw: Object.keys(rec).length ? rec : null };
  },
};
