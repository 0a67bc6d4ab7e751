import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { ChecklistAnswer } from '~/models/types';
import { emptyToUndefined } from '~/fields/instant.server';
import type { FieldIssue, KindValue } from '~/fields/values.server';
import type { ChecklistAnswers, FieldOf } from '~/fields/kind';
import { CHECKLIST_ANSWERS, answerPasses, isAnswered } from '~/fields/checklist/text';

const evidenceUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'use a full http(s):// address a reviewer can open');

const checkedOn = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'give the day it was last checked as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real day')
  // A day after tomorrow (UTC) cannot have been checked yet, in any zone.
  .refine((d) => Date.parse(`${d}T00:00:00Z`) <= Date.now() + 86_400_000, 'the day it was checked cannot be in the future');

export const evidenceSchema = z.object({
  label: safeText().trim().min(1, 'name the evidence (dashboard, runbook, test report, ticket)').max(200),
  url: evidenceUrl,
  checkedOn,
});

/**
 * What a client may send for one question. Who answered and when are the server's to say: they are dropped here
 * and set by stampChecklistAnswers when the answer changes.
 */
const checklistAnswerSchema = z.object({
  answer: z.preprocess(emptyToUndefined, z.enum(CHECKLIST_ANSWERS).optional()).transform((a) => a ?? null),
  note: safeText().max(5000).default(''),
  evidence: z.array(evidenceSchema).max(20).optional(),
});

type Item = FieldOf<'checklist'>['items'][number];

/** What a question still lacks to be ready for the meeting, whatever the field's own `required`. */
function itemIssues(field: FieldOf<'checklist'>, item: Item, a: ChecklistAnswer | undefined): FieldIssue[] {
  const path = ['fields', field.key, item.key];
  const out: FieldIssue[] = [];
  if ((item.required || field.required) && !a?.answer) out.push({ path, message: `Answer "${item.label}".` });
  if (a?.answer === 'na' && !a.note.trim())
    out.push({ path: [...path, 'note'], message: `Say why "${item.label}" does not apply: N/A needs a reason in the note.` });
  if (item.evidence && isAnswered(a?.answer) && answerPasses(item, a?.answer) && a?.answer !== 'na' && !a?.evidence?.length)
    out.push({ path: [...path, 'evidence'], message: `"${item.label}" needs evidence: add a link a reviewer can open.` });
  return out;
}

/** Strict issues of every question of a checklist field (the registry calls `required` only for required fields). */
export const checklistIssues = (field: FieldOf<'checklist'>, value: ChecklistAnswers | undefined): FieldIssue[] =>
  field.items.flatMap((item) => itemIssues(field, item, value?.[item.key]));

export const checklistValue: KindValue<'checklist'> = {
  input: (field) => {
    const keys = field.items.map((i) => i.key);
    return z
      .record(safeText(), checklistAnswerSchema)
      .superRefine((rec, ctx) => {
        for (const k of Object.keys(rec))
          if (!keys.includes(k)) ctx.addIssue({ code: 'custom', path: [k], message: `unknown checklist item "${k}"` });
      })
      .transform((rec) =>
        Object.fromEntries(
          keys
            .filter((k) => rec[k])
            .map((k) => {
              const { evidence, ...rest } = rec[k];
              return [k, (evidence?.length ? { ...rest, evidence } : rest) as ChecklistAnswer];
            }),
        ),
      );
  },
  // Every question answered, each named on its own.
  required: (field, value) =>
    field.items
      .filter((item) => !value?.[item.key]?.answer)
      .map((item) => ({ path: ['fields', field.key, item.key], message: `Answer "${item.label}".` })),
  strict: (field, value) => checklistIssues(field, value),
  merge: 'checklist',
};
