import type { Template } from '../../../templates/schema';
import type { Actor, ChecklistAnswer, FieldValues } from '~/models/types';
import { fieldsOfKind } from '~/fields/text';

const stampOf = (a: ChecklistAnswer | undefined) =>
  a?.answeredBy ? { answeredBy: a.answeredBy, ...(a.answeredById ? { answeredById: a.answeredById } : {}), answeredAt: a.answeredAt } : {};

/**
 * Who answered each checklist question and when. A client never says: the value schema drops what it sends. When
 * an answer changes (or is first given) the saving actor and `now` are recorded; an unchanged answer keeps the
 * stamp it had, so editing a note, the evidence or another field does not move it. Writes into `after`.
 */
export function stampChecklistAnswers(
  template: Template,
  before: FieldValues | null,
  after: FieldValues,
  actor: Actor,
  now: Date = new Date(),
): void {
  for (const f of fieldsOfKind(template, 'checklist')) {
    const next = after[f.key] as Record<string, ChecklistAnswer> | undefined;
    if (!next || typeof next !== 'object') continue;
    const prev = (before?.[f.key] ?? {}) as Record<string, ChecklistAnswer>;
    const out: Record<string, ChecklistAnswer> = {};
    for (const [key, a] of Object.entries(next)) {
      const { answeredBy: _b, answeredById: _i, answeredAt: _a, ...rest } = a;
      const old = prev[key];
      if (!a.answer) out[key] = rest;
      else if (old?.answer === a.answer) out[key] = { ...rest, ...stampOf(old) };
      else
        out[key] = {
          ...rest,
          answeredBy: actor.name || actor.email,
          ...(actor.via === 'system' ? {} : { answeredById: actor.id }),
          answeredAt: now.toISOString(),
        };
    }
    after[f.key] = out;
  }
}
