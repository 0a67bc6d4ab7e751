import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PINNED_VERSIONS, checkInternals, installedVersions, renderPath } from '../../app/pdf/internals';
import { type PdfPool, createPdfPool } from '../../app/pdf/pool.server';
import { renderDocumentPdf } from '../../app/pdf/render.server';
import { LONG_RCA_EXPORTED_AT, longRcaDocument } from '../fixtures/pdf-long-rca';
import { pdfInfo, pdfText } from './helpers';

const words = (text: string) => text.split(/\s+/).filter(Boolean).sort();
/** The document's text without the footer lines (their layout differs between the paths, their content is checked apart). */
const bodyText = (pdf: Buffer) =>
  pdfText(pdf, 'raw')
    .split('\n')
    .filter((l) => !/^Kaizen \| document|^page \d+ of \d+$|Kaizen\s+\|\s+document .*page \d+ of \d+/.test(l.trim()))
    .join('\n');

describe('react-pdf internals: version check', () => {
  it('the installed versions are the pinned ones, so this process renders through internals.ts', () => {
    expect(installedVersions()).toEqual(PINNED_VERSIONS);
    expect(checkInternals()).toEqual({ ok: true, mismatches: [] });
    expect(renderPath()).toBe('internals');
  });

  it('a different or missing version is named and fails the check', () => {
    const check = checkInternals({ ...PINNED_VERSIONS, pdfkit: '0.21.0', fontkit: null });
    expect(check.ok).toBe(false);
    expect(check.mismatches).toEqual(['pdfkit 0.21.0 installed, 0.20.1 expected', 'fontkit not found installed, 2.0.4 expected']);
  });
});

/**
 * The supported path (react-pdf's renderToBuffer, footers as `render`-prop elements), forced in a worker with
 * PDF_RENDER_PATH=supported as a failed version check would choose it: same text as the internals path, footers on
 * every page, metadata, and every capital E after a Greek Ε (the glyph fix is kept on both paths).
 */
describe('react-pdf supported path (fallback)', () => {
  let pool: PdfPool;
  beforeAll(async () => {
    const prev = process.env.PDF_RENDER_PATH;
    process.env.PDF_RENDER_PATH = 'supported';
    try {
      pool = createPdfPool({ size: 1, skipWarmup: true });
      await pool.ready(); // the worker takes its environment when it starts
    } finally {
      if (prev === undefined) delete process.env.PDF_RENDER_PATH;
      else process.env.PDF_RENDER_PATH = prev;
    }
  }, 60_000);
  afterAll(() => pool?.close());

  it('renders the long RCA with the same words as the internals path, a footer on every page and the metadata', async () => {
    const doc = longRcaDocument();
    const fast = await renderDocumentPdf(doc, { asOf: LONG_RCA_EXPORTED_AT });
    const fallback = await pool.render(doc, { asOf: LONG_RCA_EXPORTED_AT });
    expect(fallback.equals(fast)).toBe(false); // really another path
    expect(words(bodyText(fallback))).toEqual(words(bodyText(fast)));
    const pages = Number(pdfInfo(fallback).Pages);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(fallback, 'raw');
    for (let p = 1; p <= pages; p++) expect(text).toContain(`page ${p} of ${pages}`);
    expect(
      text.match(new RegExp(`Kaizen \\| document ${doc.id} \\| version ${doc.version} \\| as of`, 'g'))?.length ??
        text.split(`document ${doc.id}`).length - 1,
    ).toBe(pages);
    const info = pdfInfo(fallback);
    expect(info.Title).toBe(doc.title);
    expect(info.Author).toBe(doc.authorName);
    expect(info.Keywords).toBe(doc.tags.join(' '));
    expect(info.Subject).toContain(doc.template.title);
  }, 120_000);

  it('keeps every capital E in a Noto document after a Greek capital Epsilon, render after render', async () => {
    const doc = { ...longRcaDocument(), id: 'noto-e', title: 'Ελληνικά Ε then Every Engineer Expects EXACT E' };
    const first = pdfText(await pool.render(doc));
    const second = pdfText(await pool.render(doc));
    for (const t of [first, second]) {
      expect(t).toContain('Ελληνικά Ε then Every Engineer Expects EXACT E');
      expect(t).toContain('Kaizen | document noto-e');
    }
  }, 120_000);
});
