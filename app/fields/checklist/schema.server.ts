import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { ChecklistAnswer } from '~/models/types';
import { emptyToUndefined } from '~/fields/instant.server';
import type { KindValue } from '~/fields/values.server';
import { CHECKLIST_ANSWERS } from '~/fields/checklist/text';

const checklistAnswerSchema = z.object({
  answer: z.preprocess(emptyToUndefined, z.enum(CHECKLIST_ANSWERS).optional()).transform((a) => a ?? null),
  note: safeText().max(5000).default(''),
});

export const checklistValue: KindValue<'checklist'> = {
  input: (field) => {
    const keys = field.items.map((i) => i.key);
    return z
      .record(safeText(), checklistAnswerSchema)
      .superRefine((rec, ctx) => {
        for (const k of Object.keys(rec))
          if (!keys.includes(k)) ctx.addIssue({ code: 'custom', path: [k], message: `unknown checklist item "${k}"` });
      })
      .transform((rec) => Object.fromEntries(keys.filter((k) => rec[k]).map((k) => [k, rec[k] as ChecklistAnswer])));
  },
  // Every question answered, each named on its own.
  required: (field, value) =>
    field.items
      .filter((item) => !value?.[item.key]?.answer)
      .map((item) => ({ path: ['fields', field.key, item.key], message: `Answer "${item.label}".` })),
  merge: 'checklist',
};
