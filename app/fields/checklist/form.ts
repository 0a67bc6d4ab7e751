import type { ChecklistAnswer } from '~/models/types';
import type { ChecklistAnswers } from '~/fields/kind';
import type { KindForm } from '~/fields/forms';
import { formString } from '~/fields/form-rows';

export const checklistForm: KindForm<'checklist'> = {
  toForm: (_f, v) => v ?? {},
  fromForm: (field, form) => {
    const rec: ChecklistAnswers = {};
    for (const item of field.items) {
      const answer = formString(form, `f.${field.key}.${item.key}.answer`);
      const note = formString(form, `f.${field.key}.${item.key}.note`);
      if (answer || note) rec[item.key] = { answer: (answer || null) as ChecklistAnswer['answer'], note };
    }
    return { shown: rec, raw: Object.keys(rec).length ? rec : null };
  },
};
