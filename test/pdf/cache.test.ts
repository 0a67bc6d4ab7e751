import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openDatabase, type OpenDatabase } from '../../db/client';
import { documentPdfs, documents } from '../../db/schema';
import { getOrRenderPdf, pdfFilename } from '../../app/pdf/cache.server';
import { renderDocumentPdf } from '../../app/pdf/render.server';
import { filledDocument, templateByKey } from '../fixtures/pdf-documents';
import { pdfText } from './helpers';

describe('PDF cache (document_pdfs)', () => {
  let database: OpenDatabase;
  const { doc } = filledDocument(templateByKey('blameless-rca'));
  beforeAll(async () => {
    database = await openDatabase({ dataDir: null });
    await database.db.insert(documents).values({ id: doc.id, templateKey: doc.template.key, templateVersion: doc.template.version, kind: doc.kind, title: doc.title, version: doc.version });
  }, 60_000);
  afterAll(() => database?.close());

  it('renders once, then serves the same version from the cache', async () => {
    let renders = 0;
    const render = async (d: typeof doc) => {
      renders += 1;
      return renderDocumentPdf(d, { asOf: new Date('2016-06-18T09:00:00Z') });
    };
    const first = await getOrRenderPdf(database.db, doc, render);
    expect(first.cached).toBe(false);
    expect(pdfText(first.bytes)).toContain(doc.title);
    const again = await getOrRenderPdf(database.db, doc, render);
    expect(again.cached).toBe(true);
    expect(Buffer.compare(again.bytes, first.bytes)).toBe(0);
    expect(renders).toBe(1);
    const [row] = await database.db.select().from(documentPdfs).where(and(eq(documentPdfs.documentId, doc.id), eq(documentPdfs.version, doc.version)));
    expect(row.renderMs).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('a new version is rendered anew; the old one stays cached', async () => {
    let renders = 0;
    const render = async (d: typeof doc) => {
      renders += 1;
      return Buffer.from(`%PDF-fake v${d.version}`);
    };
    const v4 = { ...doc, version: 4, title: 'Renamed' };
    const r4 = await getOrRenderPdf(database.db, v4, render);
    expect(r4).toEqual({ bytes: Buffer.from('%PDF-fake v4'), cached: false });
    expect((await getOrRenderPdf(database.db, v4, render)).cached).toBe(true);
    expect((await getOrRenderPdf(database.db, doc, render)).cached).toBe(true);
    expect(renders).toBe(1);
  });

  it('concurrent first requests for one version render once', async () => {
    let renders = 0;
    const render = async (d: typeof doc) => {
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
    const v6 = { ...doc, version: 6 };
    await expect(getOrRenderPdf(database.db, v6, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const rows = await database.db.select().from(documentPdfs).where(and(eq(documentPdfs.documentId, doc.id), eq(documentPdfs.version, 6)));
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
