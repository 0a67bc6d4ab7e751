/** Labels used by the PDF; instants and durations come from the one time module, so the PDF reads like the page. */
import { formatDuration as durationText, formatUtc as utcText } from '~/lib/time';

/** As time.ts, but a value that is not an instant is printed as given: a render never fails on odd stored data. */
export function formatUtc(iso: string | null | undefined): string {
  try {
    return utcText(iso);
  } catch {
    return String(iso ?? '');
  }
}

export function formatDuration(minutes: number | null | undefined): string {
  try {
    return durationText(minutes);
  } catch {
    return '';
  }
}

export { ACTION_STATUS_LABELS, DECISION_LABELS, DOCUMENT_STATUS_LABELS as STATUS_LABELS } from '~/lib/labels';
export const MARKER_LABELS: Record<string, string> = { detected: 'Detected', mitigated: 'Mitigated', resolved: 'Resolved' };
