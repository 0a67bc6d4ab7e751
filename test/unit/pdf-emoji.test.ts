import { describe, expect, it } from 'vitest';
import { prepareFonts } from '../../app/pdf/fonts';
import { splitEmoji, wrapEmoji } from '../../app/pdf/emoji';

describe('emoji runs', () => {
  it('keeps each emoji sequence (ZWJ, skin tone, flag, keycap, VS16) whole, and text symbols in the text font', async () => {
    await prepareFonts();
    const parts = splitEmoji('Go 👨‍👩‍👧 and 👍🏽 🇩🇪 1️⃣ ❤️ © ™ ↔ x');
    expect(parts.filter((p) => p.emoji).map((p) => p.text)).toEqual(['👨‍👩‍👧', '👍🏽', '🇩🇪', '1️⃣', '❤️']);
    expect(parts.map((p) => p.text).join('')).toBe('Go 👨‍👩‍👧 and 👍🏽 🇩🇪 1️⃣ ❤️ © ™ ↔ x');
    expect(splitEmoji('plain ©')).toEqual([{ text: 'plain ©', emoji: false }]);
  });

  it('wraps emoji runs of text nodes in an inline text node, leaving other text alone', async () => {
    await prepareFonts();
    const tree = {
      type: 'PAGE',
      children: [
        { type: 'TEXT', children: [{ type: 'TEXT_INSTANCE', value: 'a 🚀 b' }] },
        { type: 'TEXT', children: [{ type: 'TEXT_INSTANCE', value: 'plain' }] },
      ],
    };
    expect(wrapEmoji(tree)).toBe(1);
    const [first, second] = tree.children as { children: { type: string; value?: string; children?: { value: string }[] }[] }[];
    expect(first.children.map((c) => c.type)).toEqual(['TEXT_INSTANCE', 'TEXT', 'TEXT_INSTANCE']);
    expect(first.children[1].children?.[0].value).toBe('🚀');
    expect(second.children).toEqual([{ type: 'TEXT_INSTANCE', value: 'plain' }]);
  });
});
