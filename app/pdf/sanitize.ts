/**
 * Text clean-up before layout: line breaks normalised, tabs expanded, control characters (which no font draws) removed.
 * Everything printable is kept: emoji are set in the emoji font (see emoji.ts), not dropped.
 */

// Control characters other than tab and newline would be drawn as boxes.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function cleanText(s: unknown): string {
  if (s == null) return '';
  const str = typeof s === 'string' ? s : String(s);
  if (/^[\x20-\x7E\n]*$/.test(str)) return str;
  return str.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').replace(CONTROL, '');
}
