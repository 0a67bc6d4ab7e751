import { createContext } from 'react';
import { StyleSheet } from '@react-pdf/renderer';
import { MONO_STACK, SANS_STACK } from '~/pdf/fonts';

export const COLORS = {
  text: '#1a1a1a',
  muted: '#5c5c5c',
  rule: '#c8c8c8',
  head: '#eef0f3',
  link: '#1f4fbf',
  code: '#f4f4f4',
  bad: '#a11',
};

/** Room kept at the bottom of every page for the footer stamped after layout (see stamp.ts). */
export const FOOTER_SPACE = 44;

// react-pdf accepts a family list for per-code-point fallback; its StyleSheet type says string.
const sans = SANS_STACK as unknown as string;
const mono = MONO_STACK as unknown as string;

export const PAGE_WIDTH = 595.28; // A4
export const PAGE_PADDING_X = 44;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * PAGE_PADDING_X;
/** Column widths in points: percentages cost a parse per node per render. */
export const pct = (p: number) => Math.floor((CONTENT_WIDTH * p) / 100);

/**
 * OpenType features off: for NFC Latin, Greek, Cyrillic and CJK text the cmap glyphs are right, and GSUB/GPOS lookups
 * (mostly kerning) were ~15% of the render. Documents containing scripts that need shaping (Arabic, Hebrew, Indic,
 * combining marks) keep fontkit's full feature set (see needsShaping).
 */
export const FAST_FEATURES = { kern: false, liga: false, calt: false, ccmp: false, mark: false, mkmk: false };
const SHAPED_SCRIPTS =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: a class of combining-mark ranges on purpose (text that needs shaping)
  /[\u0300-\u036f\u0483-\u0489\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufb1d-\ufdff\ufe20-\ufe2f\ufe70-\ufeff]/;
export function needsShaping(text: string): boolean {
  return SHAPED_SCRIPTS.test(text);
}

/**
 * Characters the PDF standard fonts draw (WinAnsiEncoding: printable ASCII, Latin-1 and the 27 extra characters in
 * 0x80–0x9F such as – — ‘ ’ “ ” • … € ™), plus tab and line breaks.
 */
const WIN_ANSI =
  /^[\t\n\r\x20-\x7e\xa0-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]*$/;
export function isWinAnsi(text: string): boolean {
  return WIN_ANSI.test(text);
}

/**
 * Which fonts a document is set in, decided once per document from all of its text:
 * - 'standard': every character is in WinAnsi, so the built-in Helvetica and Courier are used: no font file to lay out
 *   with fontkit, nothing to subset or embed (about half of the render time of a Latin document);
 * - 'noto': the Noto stack with per-code-point fallback (Greek, Cyrillic, Arabic, CJK, …), unshaped when possible;
 * - 'shaped': the Noto stack with OpenType shaping (Arabic, Hebrew, Indic, combining marks).
 */
export type FontMode = 'standard' | 'noto' | 'shaped';
export function fontModeFor(text: string): FontMode {
  if (isWinAnsi(text)) return 'standard';
  return needsShaping(text) ? 'shaped' : 'noto';
}

/** The font mode of the document being rendered, for components that pick a font (code). */
export const FontModeContext = createContext<FontMode>('noto');

export const s = StyleSheet.create({
  page: {
    fontFamily: sans,
    fontSize: 9.5,
    lineHeight: 1.35,
    color: COLORS.text,
    paddingTop: 40,
    paddingHorizontal: PAGE_PADDING_X,
    paddingBottom: FOOTER_SPACE + 12,
  },
  title: { fontSize: 18, fontWeight: 700, marginBottom: 6, lineHeight: 1.2 },
  meta: { fontSize: 9, color: COLORS.muted, marginBottom: 2 },
  metaLabel: { color: COLORS.text, fontWeight: 700 },
  headerRule: { borderBottomWidth: 1, borderBottomColor: COLORS.text, marginTop: 6, marginBottom: 10 },
  h2: { fontSize: 13, fontWeight: 700, marginTop: 12, marginBottom: 5 },
  h3: { fontSize: 10.5, fontWeight: 700, marginTop: 6, marginBottom: 3 },
  empty: { color: COLORS.muted },
  // two-column facts table
  facts: { borderTopWidth: 0.75, borderTopColor: COLORS.rule, marginBottom: 6 },
  factRow: { flexDirection: 'row', borderBottomWidth: 0.75, borderBottomColor: COLORS.rule, paddingVertical: 3 },
  factLabel: { width: pct(34), paddingRight: 8, fontWeight: 700 },
  factValue: { width: CONTENT_WIDTH - pct(34) },
  // generic tables
  table: { borderTopWidth: 0.75, borderTopColor: COLORS.rule, marginBottom: 6, fontSize: 8.5 },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: COLORS.rule, paddingVertical: 2.5 },
  headRow: {
    flexDirection: 'row',
    backgroundColor: COLORS.head,
    borderBottomWidth: 0.75,
    borderBottomColor: COLORS.rule,
    paddingVertical: 3,
    fontWeight: 700,
  },
  cell: { paddingRight: 6 },
  // rich text
  p: { marginBottom: 4 },
  rh1: { fontSize: 13, fontWeight: 700, marginTop: 6, marginBottom: 3 },
  rh2: { fontSize: 11.5, fontWeight: 700, marginTop: 5, marginBottom: 3 },
  rh3: { fontSize: 10.5, fontWeight: 700, marginTop: 4, marginBottom: 2 },
  list: { marginBottom: 4 },
  li: { flexDirection: 'row' },
  bullet: { width: 16 },
  liBody: { flex: 1 },
  liText: { flex: 1, marginBottom: 4 },
  codeBlock: { fontFamily: mono, fontSize: 8.5, backgroundColor: COLORS.code, padding: 5, marginBottom: 5, lineHeight: 1.3 },
  quote: { borderLeftWidth: 2, borderLeftColor: COLORS.rule, paddingLeft: 8, marginBottom: 4, color: '#333' },
  hr: { borderBottomWidth: 0.75, borderBottomColor: COLORS.rule, marginVertical: 6 },
  bold: { fontWeight: 700 },
  italic: { fontStyle: 'italic' },
  boldItalic: { fontWeight: 700, fontStyle: 'italic' },
  code: { fontFamily: mono, fontSize: 8.5 },
  link: { color: COLORS.link, textDecoration: 'underline' },
  bad: { color: COLORS.bad, fontWeight: 700 },
  small: { fontSize: 8.5, color: COLORS.muted },
});

/** Overrides for the standard-font mode (see fontModeFor). */
export const std = StyleSheet.create({
  page: { fontFamily: 'Helvetica' },
  code: { fontFamily: 'Courier', fontSize: 8.5 },
  codeBlock: { fontFamily: 'Courier', fontSize: 8.5, backgroundColor: COLORS.code, padding: 5, marginBottom: 5, lineHeight: 1.3 },
});

/** The page style for a font mode. */
export function pageStyleFor(mode: FontMode) {
  if (mode === 'standard') return [s.page, std.page];
  return mode === 'shaped' ? s.page : [s.page, { fontFeatureSettings: FAST_FEATURES }];
}
