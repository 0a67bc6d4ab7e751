import { formatUtc } from '~/lib/time';
import type { TimelineEntry } from '~/models/types';
import type { KindText } from '~/fields/text';
import { isArrayOf, isRecord, stored } from '~/fields/stored';

const isEntry = (e: unknown) => isRecord(e) && typeof e.at === 'string' && typeof e.text === 'string';
const marker = (e: TimelineEntry) => (e.marker ? `[${e.marker}] ` : '');

/** A time the diff shows as the page does; a stored value that is not an instant is shown as it is. */
const utc = (iso: string) => {
  try {
    return formatUtc(iso);
  } catch {
    return iso;
  }
};

export const timelineText: KindText<'timeline'> = {
  read: stored(isArrayOf<TimelineEntry>(isEntry)),
  isEmpty: (v) => v.length === 0,
  searchText: (_f, v) => v.map((e) => `${e.at} ${marker(e)}${e.text}`).join('\n'),
  blamelessTexts: (_f, v) => v.map((e) => e.text),
  diffText: (_f, v) => v.map((e) => `${utc(e.at)} ${marker(e)}${e.text}`).join('\n'),
};
