/**
 * Text clean-up before layout. There is no emoji font: emoji (with their modifiers, ZWJ sequences, flags, keycaps)
 * are removed so they can neither draw empty boxes nor disturb line metrics. Symbols that the text font has
 * (© ® ™ ↔ ‼ …) are Extended_Pictographic too but are kept.
 */
const EMOJI_SEQUENCE =
  /(?:\p{Regional_Indicator}{1,2}|\p{Extended_Pictographic})(?:[\u{FE0E}\u{FE0F}\u{20E3}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]|\u{200D}\p{Extended_Pictographic})*|[\u{FE0F}\u{20E3}\u{1F3FB}-\u{1F3FF}]/gu;

/** Pictographs the text font draws; everything else Extended_Pictographic below U+2B00 is removed too. */
const KEEP = new Set(['\u00A9', '\u00AE', '\u2122', '\u2194', '\u2195', '\u203C', '\u2049', '\u2139']);

// Control characters other than tab and newline would be drawn as boxes.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function cleanText(s: unknown): string {
  if (s == null) return '';
  let str = typeof s === 'string' ? s : String(s);
  if (/^[\x20-\x7E\n]*$/.test(str)) return str;
  str = str.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').replace(CONTROL, '');
  return str.replace(EMOJI_SEQUENCE, (m) => (KEEP.has(m) ? m : ''));
}
