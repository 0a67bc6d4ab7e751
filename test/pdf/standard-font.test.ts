import { describe, expect, it } from 'vitest';
import { Font } from '@react-pdf/renderer';
import { prepareFonts } from '../../app/pdf/fonts';

type Layout = (s: string) => { positions: unknown[]; glyphs: unknown[]; advanceWidth: number };

describe('standard fonts: the table-driven layout gives the same glyphs and positions as react-pdf/pdfkit', () => {
  it('for every WinAnsi character, kerning pairs, soft hyphens and characters outside WinAnsi', async () => {
    await prepareFonts();
    let winAnsi = '';
    for (let c = 0x20; c <= 0x7e; c++) winAnsi += String.fromCharCode(c);
    for (let c = 0xa0; c <= 0xff; c++) winAnsi += String.fromCharCode(c);
    winAnsi += 'ŒœŠšŸŽžƒˆ˜–—‘’‚“”„†‡•…‰‹›€™';
    const samples = [
      winAnsi,
      'AVATAR To Wa Yo LT P. F, ff fi',
      'soft\u00adhyphen',
      'tab\there\nnew line',
      'Ελληνικά 中文 \u0085\u0090',
      '',
    ];
    for (const family of ['Helvetica', 'Courier']) {
      for (const fontWeight of [400, 700]) {
        for (const fontStyle of ['normal', 'italic'] as const) {
          const data = Font.getFont({ fontFamily: family, fontWeight, fontStyle })!.data as unknown as { layout: Layout; __kz?: boolean };
          expect(data.__kz, `${family} ${fontWeight} ${fontStyle} patched`).toBe(true);
          const original = Object.getPrototypeOf(data).layout as Layout;
          for (const str of samples) expect(data.layout(str)).toEqual(original.call(data, str));
        }
      }
    }
  });
});
