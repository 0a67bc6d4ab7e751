import { z } from 'zod';
import { TIMELINE_MARKERS } from '../../../templates/schema';
import { safeText } from '~/lib/safe-text';
import type { TimelineEntry } from '~/models/types';
import { emptyToUndefined, instantSchema } from '~/fields/instant.server';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { timelineText } from '~/fields/timeline/text';

const timelineEntrySchema = z.object({
  at: instantSchema,
  text: safeText().trim().min(1, 'describe the event').max(5000),
  marker: z.preprocess(emptyToUndefined, z.enum(TIMELINE_MARKERS).optional()),
});

/** Entries in time order (entries at the same instant keep the order they were given). */
export function sortTimeline(entries: TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i))
    .map(({ e }) => (e.marker ? { at: e.at, text: e.text, marker: e.marker } : { at: e.at, text: e.text }));
}

export const timelineValue: KindValue<'timeline'> = {
  input: () =>
    z
      .array(timelineEntrySchema)
      .max(5000)
      .transform((entries) => sortTimeline(entries as TimelineEntry[])),
  emptyListClears: false,
  required: requiredFilled(timelineText.isEmpty, (label) => `Add at least one entry to ${label}.`),
  merge: 'timeline',
  postedInstants: (raw) => (Array.isArray(raw) ? raw.map((e) => (e as { at?: unknown } | null)?.at) : []),
};
