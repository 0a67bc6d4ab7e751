import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { getPdfPool } from '../../app/pdf/pool.server';

/**
 * Every character that goes in comes out: text is created through the JSON API, exported through the PDF route (the
 * worker pool, as in production) and read back with pdftotext, on both font paths (the built-in standard fonts for
 * WinAnsi-only documents, the embedded Noto fonts for everything else). Compared character by character.
 */

/** Printable Latin-1: U+0020–U+007E and U+00A0–U+00FF. */
const LATIN1 = [
  ...Array.from({ length: 0x7f - 0x21 }, (_, i) => 0x21 + i),
  ...Array.from({ length: 0x100 - 0xa1 }, (_, i) => 0xa1 + i),
].map((c) => String.fromCharCode(c));
/** The printable characters Windows-1252 adds in 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). */
const CP1252 = [...new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i))].filter(
  (c) => c.charCodeAt(0) > 0x9f,
);

// Spaces are where the layout may break a line, so they cannot be told apart from line breaks in the output; the
// no-break space and the soft hyphen are checked on their own (see below).
const SPACE_LIKE = new Set([' ', '\u00a0']);
const LATIN_CHARS = [...LATIN1, ...CP1252].filter((c) => !SPACE_LIKE.has(c) && c !== '\u00ad');
/** Every character as its own word between two letters, in groups so no word is long enough to be broken. */
const latinLines = (): string[] => {
  const out: string[] = [];
  for (let i = 0; i < LATIN_CHARS.length; i += 16)
    out.push(
      LATIN_CHARS.slice(i, i + 16)
        .map((c) => `x${c}x`)
        .join(' '),
    );
  return out;
};

const PARAGRAPHS: Record<string, string> = {
  greek: 'Η βάση δεδομένων σταμάτησε να δέχεται εγγραφές όταν γέμισε ο δίσκος. Ελέγξαμε ΕΝΑ ΈΝΑ ξανά.',
  cyrillic: 'База данных перестала принимать записи, когда диск заполнился. Ёжик съел щи. ЭХО Щ Ъ.',
  arabic: 'توقفت قاعدة البيانات عن قبول الكتابة عندما امتلأ القرص.',
  hebrew: 'מסד הנתונים הפסיק לקבל כתיבות כאשר הדיסק התמלא.',
  chinese: '当磁盘写满时，数据库停止接受写入。 我们检查了复制。',
  japanese: 'ディスクがいっぱいになったとき、 データベースは書き込みを止めました。',
  korean: '디스크가 가득 차서 데이터베이스가 쓰기를 중단했습니다.',
};
const RTL = new Set(['arabic', 'hebrew']);
const EMOJI_LINE = '🚀 ✅ 👍🏽 🇩🇪 👨‍👩‍👧 1️⃣ ❤️ 🏳️‍🌈 😱 🔥 📟';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const noSpace = (s: string) => s.replace(/\s+/g, '');

/** Characters (code points) of `expected` missing from `actual` and extra in `actual`, as counts. */
function charDiff(expected: string, actual: string): { missing: string[]; extra: string[] } {
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (const c of noSpace(s)) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  };
  const e = count(expected);
  const a = count(actual);
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [c, n] of e)
    if ((a.get(c) ?? 0) < n) missing.push(`${c} U+${c.codePointAt(0)!.toString(16).toUpperCase()} ×${n - (a.get(c) ?? 0)}`);
  for (const [c, n] of a)
    if ((e.get(c) ?? 0) < n) extra.push(`${c} U+${c.codePointAt(0)!.toString(16).toUpperCase()} ×${n - (e.get(c) ?? 0)}`);
  return { missing, extra };
}

function withFile<T>(pdf: Buffer, f: (file: string) => T): T {
  const file = path.join(os.tmpdir(), `kaizen-chars-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return f(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
/** pdftotext in reading order (not -layout, so a wrapped paragraph is one run of lines); bidi marks and the page footers removed. */
const pdfText = (pdf: Buffer) =>
  withFile(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
    .replace(/[\u202a-\u202e\u200e\u200f]/g, '')
    .split('\n')
    .filter((line) => !/^Kaizen \| document \S+ \| version \d+ \| /.test(squash(line)) && !/^page \d+ of \d+$/.test(line.trim()))
    .join('\n')
    .replace(/\f/g, '');
const pdfFonts = (pdf: Buffer) => withFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));

/** The text between two markers of the extracted PDF text (each marker on its own paragraph). */
function between(text: string, from: string, to: string): string {
  const a = text.indexOf(from);
  const b = text.indexOf(to, a + from.length);
  if (a < 0 || b < 0) throw new Error(`markers ${from} … ${to} not found in:\n${text}`);
  return text.slice(a + from.length, b);
}

const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const richDoc = (...paras: string[]) => ({ type: 'doc', content: paras.map(p) });

describeEachBackend('PDF: every character that goes in through the API comes out of pdftotext', (db) => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await createTestApp(db());
    token = await app.token(await createTestActor(db(), 'editor'));
  });
  afterAll(async () => {
    await getPdfPool().close();
  });

  async function exportThroughApi(body: unknown): Promise<{ pdf: Buffer; text: string; fonts: string }> {
    const created = await app.fetch('/api/v1/documents', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const doc = (await created.json()) as { id: string };
    const res = await app.fetch(`/api/v1/documents/${doc.id}/pdf`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    return { pdf, text: pdfText(pdf), fonts: pdfFonts(pdf) };
  }

  /** Latin-1 and Windows-1252, exact: same characters in the same order, nothing missing, nothing extra. */
  function expectLatin(text: string) {
    const lines = latinLines();
    const got = squash(between(text, 'BEGINLATIN', 'ENDLATIN'));
    const want = squash(lines.join(' '));
    expect(charDiff(want, got)).toEqual({ missing: [], extra: [] });
    expect(got).toBe(want);
    // The no-break space and the soft hyphen: present in the stored text, no other character appears in their place.
    const special = squash(between(text, 'BEGINSPECIAL', 'ENDSPECIAL'));
    expect(special.replace(/\u00ad/g, '')).toBe('nbsp x softhyphen y');
  }

  const latinFields = (extra: string[] = []) => ({
    symptoms: richDoc('BEGINLATIN', ...latinLines(), 'ENDLATIN', 'BEGINSPECIAL', 'nbsp\u00a0x soft\u00adhyphen y', 'ENDSPECIAL', ...extra),
    whatHappened: richDoc(`Every Editor: ${LATIN_CHARS.join('')}`),
  });

  it('standard fonts (a WinAnsi-only document): every printable Latin-1 and Windows-1252 character', async () => {
    const { text, fonts } = await exportThroughApi({
      template: 'blameless-rca',
      title: 'EXECUTIVE ENGINEERING Éé — “€”',
      fields: latinFields(),
    });
    expect(fonts).toMatch(/Helvetica/);
    expect(fonts).not.toMatch(/Noto/);
    expectLatin(text);
    expect(squash(text)).toContain('EXECUTIVE ENGINEERING Éé — “€”');
    // the same characters in one run, in a second field (kerning pairs, no spaces between them)
    expect(squash(text)).toContain(`Every Editor: ${LATIN_CHARS.join('')}`);
  });

  it('Noto fonts: Latin-1, Windows-1252, Greek, Cyrillic, Arabic, Hebrew, Chinese, Japanese, Korean and emoji', async () => {
    const scripts = Object.entries(PARAGRAPHS).flatMap(([k, v]) => [`BEGIN${k.toUpperCase()}`, v, `END${k.toUpperCase()}`]);
    const { pdf, text, fonts } = await exportThroughApi({
      template: 'blameless-rca',
      title: 'EXECUTIVE ENGINEERING → Demo Editor',
      fields: { ...latinFields([...scripts, 'BEGINEMOJI', EMOJI_LINE, 'ENDEMOJI']), environment: 'Every Ελληνικά Εditor' },
    });
    expect(fonts).toMatch(/NotoSans-Regular/);
    expectLatin(text);
    expect(squash(text)).toContain('EXECUTIVE ENGINEERING → Demo Editor');
    expect(squash(text)).toContain(`Every Editor: ${LATIN_CHARS.join('')}`);
    expect(squash(text)).toContain('Every Ελληνικά Εditor');
    for (const [key, para] of Object.entries(PARAGRAPHS)) {
      const got = between(text, `BEGIN${key.toUpperCase()}`, `END${key.toUpperCase()}`);
      // every character accounted for …
      expect({ key, ...charDiff(para, got) }).toEqual({ key, missing: [], extra: [] });
      // … and in reading order for left-to-right scripts. pdftotext reorders right-to-left lines (punctuation moves, and
      // a lam-alef ligature's two letters come out swapped), so there every word must come out as a word of the same
      // letters.
      if (RTL.has(key)) {
        const letters = (w: string) => [...w].sort().join('');
        const gotWords = new Set(
          got
            .split(/[\s.,]+/)
            .filter(Boolean)
            .map(letters),
        );
        for (const word of para.split(/[\s.,]+/).filter(Boolean))
          expect({ key, word, found: gotWords.has(letters(word)) }).toEqual({ key, word, found: true });
      } else expect(squash(got)).toBe(para);
    }
    // Emoji: set in the emoji font (its glyphs are on the page) and extracted as the same sequences.
    expect(fonts).toMatch(/NotoEmoji/);
    expect(squash(between(text, 'BEGINEMOJI', 'ENDEMOJI'))).toBe(EMOJI_LINE);
    expect(pdf.length).toBeGreaterThan(0);
  });

  it('a launch review (Noto fonts) keeps every capital E', async () => {
    const { text, fonts } = await exportThroughApi({ template: 'etsy-go-no-go', title: 'Launch → EU checkout', fields: {} });
    expect(fonts).toMatch(/Noto/);
    const squashed = squash(text);
    expect(squashed).toContain('Kind: CHECKLIST');
    expect(squashed).toContain('Launch → EU checkout');
  });
});
