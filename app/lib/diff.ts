/**
 * Line diff for revision history: the texts are a field's plain text (rich text as plain text),
 * so a diff reads like a review, not like JSON. Pure and shared by the history page and the API.
 */

export type DiffLine = { op: 'same' | 'add' | 'del'; text: string };

/** Above this many lines × lines the LCS table is too big; fall back to "all removed, all added". */
const MAX_CELLS = 4_000_000;

const splitLines = (s: string): string[] => (s === '' ? [] : s.replace(/\r\n?/g, '\n').split('\n'));

/**
 * Lines of `before` and `after` as same / deleted / added, in order (longest common subsequence;
 * common head and tail trimmed first so typical edits stay cheap).
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ op: 'same', text }));
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  out.push(...middle(am, bm));
  out.push(...a.slice(a.length - tail).map((text): DiffLine => ({ op: 'same', text })));
  return out;
}

function middle(a: string[], b: string[]): DiffLine[] {
  if (!a.length) return b.map((text) => ({ op: 'add', text }));
  if (!b.length) return a.map((text) => ({ op: 'del', text }));
  if (a.length * b.length > MAX_CELLS) return [...a.map((text): DiffLine => ({ op: 'del', text })), ...b.map((text): DiffLine => ({ op: 'add', text }))];
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)] + 1 : Math.max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) out.push({ op: 'del', text: a[i++] });
    else out.push({ op: 'add', text: b[j++] });
  }
  while (i < n) out.push({ op: 'del', text: a[i++] });
  while (j < m) out.push({ op: 'add', text: b[j++] });
  return out;
}

export type FieldDiff = { key: string; label: string; before: string; after: string; lines: DiffLine[] };

/**
 * Field-by-field diff of two labelled plain-text views of a document (from `revisionTexts`):
 * only the fields whose text differs, in the order of `after` (then fields only in `before`).
 */
export function diffTexts(before: { key: string; label: string; text: string }[], after: { key: string; label: string; text: string }[]): FieldDiff[] {
  const prior = new Map(before.map((f) => [f.key, f]));
  const seen = new Set<string>();
  const out: FieldDiff[] = [];
  for (const f of after) {
    seen.add(f.key);
    const old = prior.get(f.key)?.text ?? '';
    if (old !== f.text) out.push({ key: f.key, label: f.label, before: old, after: f.text, lines: diffLines(old, f.text) });
  }
  for (const f of before)
    if (!seen.has(f.key) && f.text !== '') out.push({ key: f.key, label: f.label, before: f.text, after: '', lines: diffLines(f.text, '') });
  return out;
}
