/**
 * Library search queries in web syntax: words, "quoted phrases", `-word` / `-"phrase"` to leave out, and `OR`
 * (accepted, though every word is already optional: a document matching more of them ranks higher). Browser-safe.
 */
export type SearchTerms = {
  /** Each a websearch_to_tsquery fragment: a word or a quoted phrase. */
  positives: string[];
  negatives: string[];
};

const MAX_TERMS = 12;

export function parseSearchQuery(q: string): SearchTerms {
  const positives: string[] = [];
  const negatives: string[] = [];
  const token = /(-?)"([^"]*)"?|(\S+)/g;
  for (let m = token.exec(q); m; m = token.exec(q)) {
    const [, minus, phrase, word] = m;
    let fragment: string;
    let negative = false;
    if (phrase !== undefined) {
      const inner = phrase.trim().replace(/\s+/g, ' ');
      if (!inner) continue;
      fragment = `"${inner}"`;
      negative = minus === '-';
    } else {
      if (/^or$/i.test(word)) continue;
      negative = word.startsWith('-');
      fragment = (negative ? word.slice(1) : word).replace(/"/g, '');
      if (!fragment || /^-+$/.test(fragment)) continue;
    }
    const list = negative ? negatives : positives;
    if (list.length < MAX_TERMS && !list.includes(fragment)) list.push(fragment);
  }
  return { positives, negatives };
}

/** Markers PostgreSQL's ts_headline puts around a hit (private-use characters, removed from stored text first). */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
/** Stands for `<` while PostgreSQL makes the headline: its parser drops anything that looks like an HTML tag. */
export const LESS_THAN = '\uE002';

/** A headline with markers as plain text plus the [start, length] of each hit (UTF-16 offsets into the text). */
export function splitHeadline(headline: string): { text: string; marks: [number, number][] } {
  let text = '';
  const marks: [number, number][] = [];
  let open = -1;
  for (const ch of headline) {
    if (ch === MARK_START) open = text.length;
    else if (ch === MARK_END) {
      if (open >= 0 && text.length > open) marks.push([open, text.length - open]);
      open = -1;
    } else text += ch === LESS_THAN ? '<' : ch;
  }
  return { text, marks };
}

/** Pieces of a snippet to render: plain text and hits (rendered as <mark> by React, so never HTML). */
export function snippetPieces(text: string, marks: [number, number][]): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [start, length] of [...marks].sort((a, b) => a[0] - b[0])) {
    if (start < at || start + length > text.length) continue;
    if (start > at) out.push({ text: text.slice(at, start), hit: false });
    out.push({ text: text.slice(start, start + length), hit: true });
    at = start + length;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}
