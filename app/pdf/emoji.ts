import { Font } from '@react-pdf/renderer';
import { EMOJI_FAMILY, SANS_STACK } from '~/pdf/fonts';

/**
 * Emoji in PDFs: each emoji sequence (a pictograph with its variation selector, skin tone, tag and ZWJ continuations; a
 * flag; a keycap) is set as one run in the Noto Emoji font with its ligatures on, so a ZWJ family, a flag or a
 * skin-toned hand is the one glyph the font draws for it. react-pdf picks fonts per code point, which would split such
 * a sequence (the text font has U+200D, the digit of a keycap) and lose the ligature.
 */
export const EMOJI_SEQUENCE =
  /[#*0-9]\u{FE0F}?\u{20E3}|\p{Regional_Indicator}{1,2}|\p{Extended_Pictographic}[\u{FE0E}\u{FE0F}]?[\u{1F3FB}-\u{1F3FF}]?(?:[\u{E0020}-\u{E007E}]+\u{E007F})?(?:\u{200D}\p{Extended_Pictographic}\u{FE0F}?[\u{1F3FB}-\u{1F3FF}]?)*/gu;
const MAYBE_EMOJI = /[\u{20E3}\p{Regional_Indicator}\p{Extended_Pictographic}]/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;

/** Features on inside an emoji run, whatever the document's (see FAST_FEATURES): the sequences are ligatures. */
const EMOJI_STYLE = { fontFamily: [EMOJI_FAMILY, ...SANS_STACK], fontFeatureSettings: { liga: true, ccmp: true, calt: true, rlig: true } };

type GlyphSource = { hasGlyphForCodePoint(cp: number): boolean };
let textFonts: GlyphSource[] | null = null;
function textFontHas(cp: number): boolean {
  textFonts ??= SANS_STACK.filter((f) => f !== EMOJI_FAMILY)
    .map((fontFamily) => Font.getFont({ fontFamily, fontWeight: 400, fontStyle: 'normal' })?.data as unknown as GlyphSource | undefined)
    .filter((f): f is GlyphSource => Boolean(f && typeof f.hasGlyphForCodePoint === 'function'));
  return textFonts.some((f) => f.hasGlyphForCodePoint(cp));
}

/**
 * Whether a matched sequence goes to the emoji font: anything with emoji presentation (by default or by U+FE0F), any
 * sequence of more than one code point, and text-style pictographs the text fonts cannot draw. A text presentation
 * selector (U+FE0E) or a symbol the text font has (© ® ™ ↔ ‼) stays in the text font.
 */
export function isEmojiRun(seq: string): boolean {
  if (seq.includes('\u{FE0E}')) return false;
  const cps = [...seq];
  if (cps.length > 1) return true;
  if (EMOJI_PRESENTATION.test(seq)) return true;
  return !textFontHas(seq.codePointAt(0)!);
}

/** Splits text into plain pieces and emoji runs. */
export function splitEmoji(text: string): { text: string; emoji: boolean }[] {
  const out: { text: string; emoji: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(EMOJI_SEQUENCE)) {
    if (!isEmojiRun(m[0])) continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index), emoji: false });
    out.push({ text: m[0], emoji: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), emoji: false });
  return out;
}

type Node = { type: string; value?: string; style?: unknown; props?: unknown; box?: unknown; children?: Node[] };
const TEXT_PARENTS = new Set(['TEXT', 'LINK', 'TSPAN']);

/**
 * Wraps every emoji run of the reconciled react-pdf tree (before layout) in an inline text node set in the emoji font.
 * Returns the number of runs wrapped. Text without a pictograph is not touched.
 */
export function wrapEmoji(node: Node): number {
  let n = 0;
  const kids = node.children;
  if (!kids) return 0;
  for (let i = 0; i < kids.length; i++) {
    const child = kids[i];
    if (child.type === 'TEXT_INSTANCE') {
      if (!TEXT_PARENTS.has(node.type) || typeof child.value !== 'string' || !MAYBE_EMOJI.test(child.value)) continue;
      const parts = splitEmoji(child.value);
      if (!parts.some((p) => p.emoji)) continue;
      const nodes: Node[] = parts.map((p) =>
        p.emoji
          ? { type: 'TEXT', box: {}, style: EMOJI_STYLE, props: {}, children: [{ type: 'TEXT_INSTANCE', value: p.text }] }
          : { type: 'TEXT_INSTANCE', value: p.text },
      );
      kids.splice(i, 1, ...nodes);
      i += nodes.length - 1;
      n += parts.filter((p) => p.emoji).length;
    } else n += wrapEmoji(child);
  }
  return n;
}
