import type { Template } from '../../../templates/schema';
import type { ChecklistAnswer } from '~/models/types';
import type { ChecklistAnswers, FieldOf, FieldSource } from '~/fields/kind';
import type { KindText } from '~/fields/text';
import { isRecord, stored } from '~/fields/stored';

/** One word per answer, for the page, the PDF, Markdown and the diff alike. */
export const CHECKLIST_ANSWER_LABELS = { yes: 'Yes', no: 'No', na: 'N/A', notyet: 'Not yet' } as const satisfies Record<
  NonNullable<ChecklistAnswer['answer']>,
  string
>;
export const CHECKLIST_ANSWERS = Object.keys(CHECKLIST_ANSWER_LABELS) as (keyof typeof CHECKLIST_ANSWER_LABELS)[];

export const answerLabel = (a: string | null | undefined): string =>
  a ? ((CHECKLIST_ANSWER_LABELS as Record<string, string>)[a] ?? a) : '';

/** Answers that pass when the template does not say: yes and n/a. */
export const DEFAULT_PASS: readonly string[] = ['yes', 'na'];

/** Whether an answer passes this question ("not yet" and no answer never do). */
export const answerPasses = (item: { pass?: readonly string[] }, a: string | null | undefined) =>
  !!a && a !== 'notyet' && (item.pass ?? DEFAULT_PASS).includes(a);

/** Answered for real: "not yet" is a promise, not an answer. */
export const isAnswered = (a: string | null | undefined) => !!a && a !== 'notyet';

/** Whole days from `checkedOn` (YYYY-MM-DD) to `today` (YYYY-MM-DD). */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Today in UTC as YYYY-MM-DD. */
export const utcToday = (now: Date = new Date()) => now.toISOString().slice(0, 10);

/** Evidence older than the field allows (the template's evidenceMaxAgeDays), or null when fresh or no limit is set. */
export function evidenceAge(
  field: Pick<FieldOf<'checklist'>, 'evidenceMaxAgeDays'>,
  ev: { checkedOn: string },
  today: string,
): { days: number; stale: boolean } {
  const days = daysBetween(ev.checkedOn, today);
  return { days, stale: field.evidenceMaxAgeDays !== undefined && days > field.evidenceMaxAgeDays };
}

/** "Answered by Ana Souza on 2026-11-30 14:02 UTC", for the hover title and the PDF. */
export function answeredByText(a: Pick<ChecklistAnswer, 'answeredBy' | 'answeredAt'> | undefined): string {
  if (!a?.answeredBy) return '';
  const at = a.answeredAt ? ` on ${a.answeredAt.slice(0, 10)} ${a.answeredAt.slice(11, 16)} UTC` : '';
  return `Answered by ${a.answeredBy}${at}`;
}

const isAnswers = (v: unknown): v is ChecklistAnswers => isRecord(v) && Object.values(v).every((a) => isRecord(a));

const text = (field: FieldOf<'checklist'>, v: ChecklistAnswers) =>
  field.items
    .map((i) => {
      const a = v[i.key];
      if (!a) return '';
      const evidence = (a.evidence ?? []).map((e) => `${e.label} ${e.url} ${e.checkedOn}`).join(' ');
      return `${i.label} ${a.answer ?? ''} ${a.note ?? ''} ${evidence}`.trim();
    })
    .filter(Boolean)
    .join('\n');

export const checklistText: KindText<'checklist'> = {
  read: stored(isAnswers),
  isEmpty: (v) => !Object.values(v).some((a) => a.answer || (a.note ?? '').trim() || a.evidence?.length),
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
