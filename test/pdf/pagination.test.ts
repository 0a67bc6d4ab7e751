import { describe, expect, it } from 'vitest';
import { rowsFitPages } from '../../app/pdf/document';
import { renderDocumentPdf } from '../../app/pdf/render.server';
import { action, baseDocument, doc, li, p, t, templateByKey, ul } from '../fixtures/pdf-documents';
import { longRcaDocument } from '../fixtures/pdf-long-rca';
import { pdfInfo, pdfText, squash } from './helpers';

const exportedAt = new Date('2016-06-18T09:00:00Z');
const tpl = templateByKey('blameless-rca');

describe('pagination engine choice (one-pass engine only when no row can outgrow a page)', () => {
  it('the reference RCA and short rows use the one-pass engine', () => {
    expect(rowsFitPages(longRcaDocument())).toBe(true);
    expect(rowsFitPages(baseDocument(tpl, { fields: { timeline: [{ at: '2016-06-15T22:04:00Z', text: 'short' }] } }))).toBe(true);
  });

  it('a long table row, action item or list item keeps the splitting engine', () => {
    const long = 'word '.repeat(200);
    expect(rowsFitPages(baseDocument(tpl, { fields: { timeline: [{ at: '2016-06-15T22:04:00Z', text: long }] } }))).toBe(false);
    expect(rowsFitPages(baseDocument(tpl, { actionItems: [action('nextSteps', 1, { title: long })] }))).toBe(false);
    expect(rowsFitPages(baseDocument(tpl, { fields: { symptoms: doc(ul(li(p(t(long))))) } }))).toBe(false);
    const many = ul(...Array.from({ length: 40 }, (_, i) => li(p(t(`sub ${i}`)))));
    expect(rowsFitPages(baseDocument(tpl, { fields: { symptoms: doc(ul(li(p(t('parent')), many))) } }))).toBe(false);
  });

  it('a list item longer than a page comes out whole (split across pages)', async () => {
    const items = Array.from({ length: 120 }, (_, i) => li(p(t(`nested item number ${i + 1}`))));
    const d = baseDocument(tpl, { fields: { symptoms: doc(ul(li(p(t('parent item')), ul(...items)))) } });
    const pdf = await renderDocumentPdf(d, { asOf: exportedAt });
    const text = squash(pdfText(pdf));
    for (let i = 1; i <= 120; i++) expect(text).toContain(`nested item number ${i} `.trim());
    expect(Number(pdfInfo(pdf).Pages)).toBeGreaterThan(1);
  });

  it('the one-pass engine repeats table headers and keeps every row of a multi-page timeline', async () => {
    const start = Date.parse('2016-06-15T00:00:00Z');
    const timeline = Array.from({ length: 150 }, (_, i) => ({
      at: new Date(start + i * 60_000).toISOString(),
      text: `Event ${i + 1} happened`,
    }));
    const d = baseDocument(tpl, { fields: { timeline } });
    expect(rowsFitPages(d)).toBe(true);
    const pdf = await renderDocumentPdf(d, { asOf: exportedAt });
    const text = pdfText(pdf);
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThan(2);
    for (let i = 1; i <= 150; i++) expect(text).toContain(`Event ${i} happened`);
    expect((text.match(/Time \(UTC\)\s+Marker\s+Event/g) ?? []).length).toBeGreaterThanOrEqual(pages - 1);
  });
});
