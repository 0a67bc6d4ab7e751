/**
 * Formatting used by the PDF. Mirrors app/lib/time.ts (formatUtc, formatDuration) so the PDF reads like the page;
 * kept local so the worker bundle stays small and the renderer has no dependency on app code being edited elsewhere.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** '2016-06-15T22:04:00Z' → '2016-06-15 22:04 UTC'; anything unparseable is returned as given. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** 1480 → '24:40 hours'; null → ''. */
export function formatDuration(minutes: number | null | undefined): string {
  if (minutes == null || !Number.isFinite(minutes)) return '';
  const sign = minutes < 0 ? '-' : '';
  const m = Math.floor(Math.abs(minutes)); // as app/lib/time.ts
  return `${sign}${Math.floor(m / 60)}:${pad(m % 60)} hours`;
}

export const STATUS_LABELS: Record<string, string> = { draft: 'Draft', in_review: 'In review', published: 'Published', archived: 'Archived' };
export const ACTION_STATUS_LABELS: Record<string, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', wont_do: "Won't do" };
export const DECISION_LABELS: Record<string, string> = { go: 'Go', no_go: 'No-Go' };
export const ANSWER_LABELS: Record<string, string> = { yes: 'Yes', no: 'No', na: 'N/A' };
export const MARKER_LABELS: Record<string, string> = { detected: 'Detected', mitigated: 'Mitigated', resolved: 'Resolved' };
