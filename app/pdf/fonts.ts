import { createRequire } from 'node:module';
import path from 'node:path';
import { Font } from '@react-pdf/renderer';

/**
 * Fonts come from npm packages (never the host): Noto Sans (Latin, Greek, Cyrillic), Noto Naskh Arabic (Arabic,
 * Persian), Noto Sans Hans (Chinese, Japanese kana and kanji), Noto Sans KR (Hangul), Noto Sans Mono (code).
 * react-pdf falls back per code point through a family list, so every style names the whole stack.
 */
const require = createRequire(import.meta.url);
const pkgDir = (name: string) => path.dirname(require.resolve(name));

export const FONT_FILES = {
  sans: path.join(pkgDir('@embedpdf/fonts-latin'), '../fonts'),
  arabic: path.join(pkgDir('@embedpdf/fonts-arabic'), '../fonts'),
  sc: path.join(pkgDir('@embedpdf/fonts-sc'), '../fonts'),
  kr: path.join(pkgDir('@embedpdf/fonts-kr'), '../fonts'),
  mono: path.join(pkgDir('@fontsource/noto-sans-mono'), 'files'),
};

export const SANS_STACK = ['KzSans', 'KzArabic', 'KzCJK', 'KzKR'];
export const MONO_STACK = ['KzMono', ...SANS_STACK];

/** Words longer than this may be broken (with a hyphen) so they cannot overflow a column; shorter ones never are. */
export const MAX_UNBROKEN = 30;
const CHUNK = 20;

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

let registered = false;

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
  upright('KzMono', path.join(mono, 'noto-sans-mono-latin-400-normal.woff'), path.join(mono, 'noto-sans-mono-latin-700-normal.woff'));
  // No dictionary hyphenation: host names, error codes and `pg_basebackup` stay whole. Only words too long for any
  // column are broken, so they cannot overflow.
  Font.registerHyphenationCallback((word) => splitLongWord(word));
}
