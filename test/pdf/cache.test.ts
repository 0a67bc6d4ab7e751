import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openDatabase, type OpenDatabase } from '../../db/client';
import { documentPdfs, documents } from '../../db/schema';
import { type PdfRenderer, getOrRenderPdf, pdfFilename } from '../../app/pdf/cache.server';
import { formatUtc } from '../../app/pdf/format';
import { renderDocumentPdf } from '../../app/pdf/render.server';
import { filledDocument, templateByKey } from '../fixtures/pdf-documents';
import { pdfText, squash } from './helpers';

describe('PDF cache (document_pdfs)', () => {
  let database: OpenDatabase;
  const { doc } = filledDocument(templateByKey('blameless-rca'));
  beforeAll(async () => {
    database = await openDatabase({ dataDir: null });
    await database.db.insert(documents).values({
      id: doc.id,
      templateKey: doc.template.key,
      templateVersion: doc.template.version,
      kind: doc.kind,
      title: doc.title,
      version: doc.version,
    });
  }, 60_000);
  afterAll(() => database?.close());

  it('renders once, then serves the same content from the cache, as of its last change', async () => {
    let renders = 0;
    const render: PdfRenderer = async (d, o) => {
      renders += 1;
      return renderDocumentPdf(d, o);
    };
    const first = await getOrRenderPdf(database.db, doc, render);
    expect(first.cached).toBe(false);
    expect(pdfText(first.bytes)).toContain(doc.title);
    expect(squash(pdfText(first.bytes))).toContain(`as of ${formatUtc(first.asOf.toISOString())}`);
    const again = await getOrRenderPdf(database.db, doc, render);
    expect(again.cached).toBe(true);
    expect(again.hash).toBe(first.hash);
    expect(Buffer.compare(again.bytes, first.bytes)).toBe(0);
    expect(renders).toBe(1);
    const [row] = await database.db
      .select()
      .from(documentPdfs)
      .where(and(eq(documentPdfs.documentId, doc.id), eq(documentPdfs.contentHash, first.hash)));
    expect(row.renderMs).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('any change to what is shown (a new version, an action item, a sign-off) is a new key; older PDFs are removed', async () => {
    let renders = 0;
    const render: PdfRenderer = async (d) => {
      renders += 1;
      return Buffer.from(`%PDF-fake ${d.title} ${d.actionItems.map((a) => a.status).join(',')}`);
    };
    const v4 = { ...doc, version: 4, title: 'Renamed' };
    const r4 = await getOrRenderPdf(database.db, v4, render);
    expect(r4.cached).toBe(false);
    expect((await getOrRenderPdf(database.db, v4, render)).cached).toBe(true);
    const done = {
      ...v4,
      actionItems: v4.actionItems.map((a, i) => (i === 0 ? { ...a, status: 'done' as const, updatedAt: '2030-01-01T00:00:00Z' } : a)),
    };
    const r4done = await getOrRenderPdf(database.db, done, render);
    expect(r4done.cached).toBe(false);
    expect(r4done.hash).not.toBe(r4.hash);
    expect(r4done.asOf.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(renders).toBe(2);
    const rows = await database.db.select({ h: documentPdfs.contentHash }).from(documentPdfs).where(eq(documentPdfs.documentId, doc.id));
    expect(rows).toEqual([{ h: r4done.hash }]);
  });

  it('concurrent first requests for the same content render once', async () => {
    let renders = 0;
    const render: PdfRenderer = async (d) => {
      renders += 1;
      await new Promise((r) => setTimeout(r, 50));
      return Buffer.from(`%PDF-fake v${d.version}`);
    };
    const v5 = { ...doc, version: 5 };
    const results = await Promise.all([1, 2, 3].map(() => getOrRenderPdf(database.db, v5, render)));
    expect(renders).toBe(1);
    for (const r of results) expect(r.bytes.toString()).toBe('%PDF-fake v5');
  });

  it('a failed render stores nothing', async () => {
    const v6 = { ...doc, version: 6, title: 'will fail' };
    await expect(getOrRenderPdf(database.db, v6, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const rows = await database.db
      .select()
      .from(documentPdfs)
      .where(and(eq(documentPdfs.documentId, doc.id), eq(documentPdfs.version, 6)));
    expect(rows).toHaveLength(0);
  });
});

describe('pdfFilename', () => {
  it.each([
    ['Checkout outage: primary DB ran out of WAL space', 'Checkout-outage-primary-DB-ran-out-of-WAL-space.pdf'],
    ['Ärger mit Café-Zahlungen', 'Arger-mit-Cafe-Zahlungen.pdf'],
    ['../../etc/passwd', 'etc-passwd.pdf'],
    ['数据库故障', 'document.pdf'],
    ['', 'document.pdf'],
    ['a"b\r\nc;d', 'a-b-c-d.pdf'],
  ])('%j → %s', (title, name) => {
    expect(pdfFilename(title)).toBe(name);
  });
  it('is bounded', () => {
    const name = pdfFilename('x'.repeat(500));
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
