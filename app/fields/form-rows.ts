/** Rows of the edit form (timeline entries, action items), posted as `f.<key>.<i>.<name>`. */

/**
 * One action row of the form. `base` is the row as stored when the form was shown (JSON, with its
 * version): the save applies only what the person changed from it, so a status set elsewhere
 * meanwhile is not reset.
 */
export type ActionRow = {
  id?: string;
  title: string;
  kind: string;
  owner: string;
  dueDate: string;
  status: string;
  url: string;
  remove?: boolean;
  base?: string;
};
export type TimelineRow = { at: string; text: string; marker: string };
/** One contributing factor of the form: its statement and the categories checked. */
export type FactorRow = { text: string; categories: string[] };

/** Blank rows offered after the existing ones so a form without JavaScript can add entries. */
export const BLANK_ROWS = 3;

/** The posted rows under `prefix` (`f.<key>.`), in index order, with only the listed names. */
export function formRows(form: FormData, prefix: string, names: string[]): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [k, v] of form.entries()) {
    if (!k.startsWith(prefix) || typeof v !== 'string') continue;
    const [idx, name] = k.slice(prefix.length).split('.');
    const i = Number(idx);
    if (!Number.isInteger(i) || i < 0 || i > 10_000 || !names.includes(name)) continue;
    const row = byIndex.get(i) ?? {};
    row[name] = v;
    byIndex.set(i, row);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

/** A posted string input ('' when absent). */
export const formString = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};
