import { templateFields, type Template } from '../../../templates/schema';
import { minutesBetween } from '~/lib/time';
import type { FieldValues } from '~/models/types';
import type { FieldOf } from '~/fields/kind';
import { timelineText } from '~/fields/timeline/text';

const instant = (fields: FieldValues, key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);

/** Minutes of one computed field over the document's values, or null when an end is missing or before its start. */
export function computedMinutes(field: FieldOf<'computed'>, fields: FieldValues): number | null {
  const f = field.formula;
  const from = instant(fields, f.from);
  let to: string | undefined;
  if (f.op === 'duration') to = instant(fields, f.to);
  else {
    to = f.prefer ? instant(fields, f.prefer) : undefined;
    to ??= timelineText
      .read({ type: 'timeline', key: f.timeline, label: '', required: false }, { fields })
      ?.find((e) => e.marker === f.marker)?.at;
  }
  return from !== undefined && to !== undefined && to >= from ? minutesBetween(from, to) : null;
}

/** Computed facts keyed by each computed field's `output`. */
export function computeFacts(template: Template, fields: FieldValues): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const f of templateFields(template)) if (f.type === 'computed') out[f.output] = computedMinutes(f, fields);
  return out;
}
