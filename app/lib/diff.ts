/**
 * Line and word diff for revision history: the texts are a field's plain text (rich text as plain text),
 * so a diff reads like a review, not like JSON. Pure and shared by the history page and the API.
 * The diffing itself is jsdiff's (Myers): lines first, then words inside each changed pair of lines.
 */
import { diffArrays, diffWordsWithSpace } from 'diff';

/** One piece of a changed line: `same` text is in both versions, `add` / `del` only in one. */
export type DiffWord = { op: 'same' | 'add' | 'del'; text: string };
/** A line as same / deleted / added; a changed line paired with its counterpart carries its `words`. */
export type DiffLine = { op: 'same' | 'add' | 'del'; text: string; words?: DiffWord[] };

/** Beyond this many changed lines the texts are a rewrite: shown as all removed, all added (and jsdiff stops early). */
const MAX_EDIT_LINES = 2_000;
/** Word highlighting is for edited lines, not for very long ones (a pasted log line) where it reads as noise. */
const MAX_WORD_LINE = 2_000;

const splitLines = (s: string): string[] => (s === '' ? [] : s.replace(/\r\n?/g, '\n').split('\n'));

/** Lines of `before` and `after` as same / deleted / added, in order; changed pairs get word-level `words`. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_LINES });
  const out: DiffLine[] = [];
  if (!changes) {
    out.push(...a.map((text): DiffLine => ({ op: 'del', text })), ...b.map((text): DiffLine => ({ op: 'add', text })));
    return out;
  }
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    if (!c.added && !c.removed) {
      out.push(...c.value.map((text): DiffLine => ({ op: 'same', text })));
      continue;
    }
    // jsdiff gives a removal before the addition that replaces it: pair them line by line for word highlighting.
    const next = changes[i + 1];
    if (c.removed && next?.added) {
      out.push(...pairWords(c.value, next.value));
      i++;
    } else out.push(...c.value.map((text): DiffLine => ({ op: c.added ? 'add' : 'del', text })));
  }
  return out;
}

function pairWords(dels: string[], adds: string[]): DiffLine[] {
  const d: DiffLine[] = dels.map((text) => ({ op: 'del', text }));
  const a: DiffLine[] = adds.map((text) => ({ op: 'add', text }));
  for (let i = 0; i < Math.min(d.length, a.length); i++) {
    const words = wordDiff(d[i].text, a[i].text);
    if (!words) continue;
    d[i].words = words.filter((w) => w.op !== 'add');
    a[i].words = words.filter((w) => w.op !== 'del');
  }
  return [...d, ...a];
}

/** Words of two versions of a line, or undefined when they share no word (then the whole line is the change). */
export function wordDiff(before: string, after: string): DiffWord[] | undefined {
  if (before.length > MAX_WORD_LINE || after.length > MAX_WORD_LINE) return undefined;
  const parts = diffWordsWithSpace(before, after).map(
    (c): DiffWord => ({ op: c.added ? 'add' : c.removed ? 'del' : 'same', text: c.value }),
  );
  return parts.some((p) => p.op === 'same' && p.text.trim() !== '') ? parts : undefined;
}

export type FieldDiff = { key: string; label: string; before: string; after: string; lines: DiffLine[] };

/**
 * Field-by-field diff of two labelled plain-text views of a document (from `revisionTexts`):
 * only the fields whose text differs, in the order of `after` (then fields only in `before`).
 */
export function diffTexts(
  before: { key: string; label: string; text: string }[],
  after: { key: string; label: string; text: string }[],
): FieldDiff[] {
  const prior = new Map(before.map((f) => [f.key, f]));
  const seen = new Set<string>();
  const out: FieldDiff[] = [];
  for (const f of after) {
    seen.add(f.key);
    const old = prior.get(f.key)?.text ?? '';
    if (old !== f.text) out.push({ key: f.key, label: f.label, before: old, after: f.text, lines: diffLines(old, f.text) });
  }
  for (const f of before)
    if (!seen.has(f.key) && f.text !== '')
      out.push({ key: f.key, label: f.label, before: f.text, after: '', lines: diffLines(f.text, '') });
  return out;
}
