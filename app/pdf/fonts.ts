import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { Font } from '@react-pdf/renderer';
import { type GlyphFont, type StandardFontData, patchLoadedFont, patchStandardFont } from '~/pdf/internals';

/**
 * Fonts come from npm packages (never the host): Noto Sans (Latin, Greek, Cyrillic), Noto Naskh Arabic (Arabic,
 * Persian), Noto Sans Hans (Chinese, Japanese kana and kanji), Noto Sans KR (Hangul), Noto Sans Mono (code).
 * react-pdf falls back per code point through a family list, so every style names the whole stack.
 */
const require = createRequire(import.meta.url);
const pkgDir = (name: string) => path.dirname(require.resolve(name));
const optionalPkgDir = (name: string) => {
  try {
    return pkgDir(name);
  } catch {
    return null;
  }
};
const hebrewDir = optionalPkgDir('@embedpdf/fonts-hebrew');

export const FONT_FILES = {
  sans: path.join(pkgDir('@embedpdf/fonts-latin'), '../fonts'),
  arabic: path.join(pkgDir('@embedpdf/fonts-arabic'), '../fonts'),
  /** Noto Sans Hebrew; `null` while the package is not installed (Hebrew then has no font). */
  hebrew: hebrewDir ? path.join(hebrewDir, '../fonts') : null,
  sc: path.join(pkgDir('@embedpdf/fonts-sc'), '../fonts'),
  kr: path.join(pkgDir('@embedpdf/fonts-kr'), '../fonts'),
  mono: path.join(pkgDir('@fontsource/noto-sans-mono'), 'files'),
  /** Monochrome Noto Emoji, the whole font (fontsource's "emoji" subset), WOFF. */
  emoji: path.join(pkgDir('@fontsource/noto-emoji'), 'files'),
};

/** The emoji font's family: emoji sequences are set in it (see emoji.ts); it is also the last per-code-point fallback. */
export const EMOJI_FAMILY = 'KzEmoji';
export const SANS_STACK = ['KzSans', 'KzArabic', ...(FONT_FILES.hebrew ? ['KzHebrew'] : []), 'KzCJK', 'KzKR', EMOJI_FAMILY];
export const MONO_STACK = ['KzMono', ...SANS_STACK];

/** Words longer than this may be broken (with a hyphen) so they cannot overflow a column; shorter ones never are. */
export const MAX_UNBROKEN = 40;
const CHUNK = 24;

/** Splits a long word at natural boundaries (/ ? & = . _ -), then hard, into chunks of at most CHUNK characters. */
export function splitLongWord(word: string): string[] {
  if (word.length <= MAX_UNBROKEN) return [word];
  const pieces = word.split(/(?<=[/?&=.,_\-:;])/u);
  const out: string[] = [];
  let cur = '';
  for (const piece of pieces) {
    if (cur && cur.length + piece.length > CHUNK) {
      out.push(cur);
      cur = '';
    }
    cur += piece;
    while (cur.length > CHUNK) {
      // Never split a surrogate pair.
      let cut = CHUNK;
      const code = cur.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      out.push(cur.slice(0, cut));
      cur = cur.slice(cut);
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * WOFF → TrueType, once at start. fontkit inflates a WOFF table on every access, which cost ~6% of every render for the
 * (WOFF-only) mono font; an sfnt in memory does not.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = [];
  for (let i = 0; i < numTables; i++) {
    const e = 44 + i * 20;
    const offset = woff.readUInt32BE(e + 4);
    const compLength = woff.readUInt32BE(e + 8);
    const origLength = woff.readUInt32BE(e + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({
      tag: woff.subarray(e, e + 4),
      checksum: woff.readUInt32BE(e + 16),
      data: compLength < origLength ? zlib.inflateSync(raw) : raw,
    });
  }
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  let offset = 12 + numTables * 16;
  const size = tables.reduce((n, t) => n + ((t.data.length + 3) & ~3), offset);
  const out = Buffer.alloc(size);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  tables.forEach((t, i) => {
    const r = 12 + i * 16;
    t.tag.copy(out, r);
    out.writeUInt32BE(t.checksum, r + 4);
    out.writeUInt32BE(offset, r + 8);
    out.writeUInt32BE(t.data.length, r + 12);
    t.data.copy(out, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return out;
}

const woffDataUrl = (file: string) => `data:font/ttf;base64,${woffToSfnt(fs.readFileSync(file)).toString('base64')}`;

let registered = false;
let prepared: Promise<void> | null = null;

/** Registers fonts (once) and loads and patches them (once per process or worker; the patches are in internals.ts). */
export function prepareFonts(): Promise<void> {
  registerFonts();
  prepared ??= (async () => {
    for (const family of ['Helvetica', 'Courier']) {
      for (const fontWeight of [400, 700]) {
        for (const fontStyle of ['normal', 'italic'] as const) {
          const src = Font.getFont({ fontFamily: family, fontWeight, fontStyle });
          if (!src) continue;
          await src.load();
          patchStandardFont(src.data as unknown as StandardFontData);
        }
      }
    }
    for (const family of [...SANS_STACK, 'KzMono']) {
      for (const fontWeight of [400, 700]) {
        for (const fontStyle of ['normal', 'italic'] as const) {
          const src = Font.getFont({ fontFamily: family, fontWeight, fontStyle });
          if (!src) continue;
          await src.load();
          patchLoadedFont(src.data as unknown as GlyphFont, family === 'KzSans' || family === 'KzMono');
        }
      }
    }
  })();
  return prepared;
}

/** Registers fonts and the hyphenation callback once per process (or worker). */
export function registerFonts(): void {
  if (registered) return;
  registered = true;
  const { sans, arabic, sc, kr, mono } = FONT_FILES;
  Font.register({
    family: 'KzSans',
    fonts: [
      { src: path.join(sans, 'NotoSans-Regular.ttf') },
      { src: path.join(sans, 'NotoSans-Italic.ttf'), fontStyle: 'italic' },
      { src: path.join(sans, 'NotoSans-Bold.ttf'), fontWeight: 700 },
      { src: path.join(sans, 'NotoSans-BoldItalic.ttf'), fontWeight: 700, fontStyle: 'italic' },
    ],
  });
  const upright = (family: string, regular: string, bold: string) =>
    Font.register({
      family,
      fonts: [
        { src: regular },
        { src: regular, fontStyle: 'italic' },
        { src: bold, fontWeight: 700 },
        { src: bold, fontWeight: 700, fontStyle: 'italic' },
      ],
    });
  upright('KzArabic', path.join(arabic, 'NotoNaskhArabic-Regular.ttf'), path.join(arabic, 'NotoNaskhArabic-Bold.ttf'));
  upright('KzCJK', path.join(sc, 'NotoSansHans-Regular.otf'), path.join(sc, 'NotoSansHans-Bold.otf'));
  upright('KzKR', path.join(kr, 'NotoSansKR-Regular.otf'), path.join(kr, 'NotoSansKR-Bold.otf'));
  if (FONT_FILES.hebrew)
    upright(
      'KzHebrew',
      path.join(FONT_FILES.hebrew, 'NotoSansHebrew-Regular.ttf'),
      path.join(FONT_FILES.hebrew, 'NotoSansHebrew-Bold.ttf'),
    );
  const emoji = (weight: number) => woffDataUrl(path.join(FONT_FILES.emoji, `noto-emoji-emoji-${weight}-normal.woff`));
  const emojiRegular = emoji(400);
  const emojiBold = emoji(700);
  upright(EMOJI_FAMILY, emojiRegular, emojiBold);
  upright(
    'KzMono',
    woffDataUrl(path.join(mono, 'noto-sans-mono-latin-400-normal.woff')),
    woffDataUrl(path.join(mono, 'noto-sans-mono-latin-700-normal.woff')),
  );
  // No dictionary hyphenation: host names, error codes and `pg_basebackup` stay whole. Only words too long for any
  // column are broken, so they cannot overflow.
  Font.registerHyphenationCallback((word) => splitLongWord(word));
}
