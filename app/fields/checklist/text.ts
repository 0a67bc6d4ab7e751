import type { Template } from '../../../templates/schema';
import type { ChecklistAnswer } from '~/models/types';
import type { ChecklistAnswers, FieldOf, FieldSource } from '~/fields/kind';
import type { KindText } from '~/fields/text';
import { isRecord, stored } from '~/fields/stored';

/** One word per answer, for the page, the PDF, Markdown and the diff alike. */
export const CHECKLIST_ANSWER_LABELS = { yes: 'Yes', no: 'No', na: 'N/A' } as const satisfies Record<'yes' | 'no' | 'na', string>;
export const CHECKLIST_ANSWERS = Object.keys(CHECKLIST_ANSWER_LABELS) as (keyof typeof CHECKLIST_ANSWER_LABELS)[];

export const answerLabel = (a: string | null | undefined): string =>
  a ? ((CHECKLIST_ANSWER_LABELS as Record<string, string>)[a] ?? a) : '';

/** A gate is met by yes or n/a. */
export const gateMet = (a: string | null | undefined) => a === 'yes' || a === 'na';

const isAnswers = (v: unknown): v is ChecklistAnswers => isRecord(v) && Object.values(v).every((a) => isRecord(a));

const text = (field: FieldOf<'checklist'>, v: ChecklistAnswers) =>
  field.items
    .map((i) => {
      const a = v[i.key];
      return a ? `${i.label} ${a.answer ?? ''} ${a.note ?? ''}`.trim() : '';
    })
    .filter(Boolean)
    .join('\n');

export const checklistText: KindText<'checklist'> = {
  read: stored(isAnswers),
  isEmpty: (v) => !Object.values(v).some((a) => a.answer || (a.note ?? '').trim()),
  searchText: text,
  blamelessTexts: () => [],
  diffText: text,
};

/** Every gate question of a template's checklist fields, with its answer in `src` (the launch certificate, the decision). */
export function checklistGates(
  template: Pick<Template, 'sections'>,
  src: FieldSource,
): { field: FieldOf<'checklist'>; item: FieldOf<'checklist'>['items'][number]; answer: ChecklistAnswer | undefined }[] {
  return template.sections
    .flatMap((s) => s.fields)
    .filter((f): f is FieldOf<'checklist'> => f.type === 'checklist')
    .flatMap((f) => f.items.filter((i) => i.gate).map((item) => ({ field: f, item, answer: checklistText.read(f, src)?.[item.key] })));
}
