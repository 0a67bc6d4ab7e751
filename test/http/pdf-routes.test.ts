import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createDocument, loadDocuments } from '../../app/models/document.server';
import { digestTrends } from '../../app/pdf/digest.server';
import { getPdfPool } from '../../app/pdf/pool.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('PDF routes', (db) => {
  let app: TestApp;
  let editor: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
  });
  afterAll(async () => {
    await getPdfPool().close();
  });

  it('GET /docs/:id.pdf answers a PDF download named after the title, from the cache the second time', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Disk full on db-3 (pg_basebackup)' }) });
    const cookie = await app.signIn(editor);
    const first = await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: cookie } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(first.headers.get('content-disposition')).toBe('attachment; filename="Disk-full-on-db-3-pg_basebackup.pdf"');
    expect(first.headers.get('x-kaizen-pdf-cache')).toBe('miss');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString();
    expect(text).toContain('pg_basebackup');
    expect(text).toContain('No dead-letter queue');
    const second = await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: cookie } });
    expect(second.headers.get('x-kaizen-pdf-cache')).toBe('hit');
    expect(Buffer.from(await second.arrayBuffer()).equals(bytes)).toBe(true);
    // A browser revalidating its copy: 304 without the bytes while the content is the same.
    const etag = first.headers.get('etag')!;
    const revalidated = await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: cookie, 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect((await revalidated.arrayBuffer()).byteLength).toBe(0);
    const viewerCookie = await app.signIn(viewer);
    expect((await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: viewerCookie, 'If-None-Match': etag } })).status).toBe(404);
  });

  it('requires sign-in and read access; the API needs a token', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Draft PDF' }) });
    const anon = await app.fetch(`/docs/${doc.id}.pdf`);
    expect(anon.status).toBe(302);
    const viewerCookie = await app.signIn(viewer);
    expect((await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: viewerCookie } })).status).toBe(404);
    expect((await app.fetch(`/api/v1/documents/${doc.id}/pdf`)).status).toBe(401);
    const token = await app.token(editor);
    const api = await app.fetch(`/api/v1/documents/${doc.id}/pdf`, { headers: { Authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-type')).toBe('application/pdf');
  });
});

describeEachBackend('leadership digest', (db) => {
  let app: TestApp;
  let editor: Actor;
  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
  });
  afterAll(async () => {
    await getPdfPool().close();
  });

  it('renders the list filter or a selection as one PDF with a cover and every document', async () => {
    const a = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ title: 'Digest alpha outage', service: 'digest-svc', severity: 'SEV1' }),
    });
    const b = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ title: 'Digest beta outage', service: 'digest-svc', severity: 'SEV3' }),
    });
    await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Unrelated gamma', service: 'other' }) });
    const cookie = await app.signIn(editor);
    const byFilter = await app.fetch('/docs/digest.pdf?service=digest-svc', { headers: { Cookie: cookie } });
    expect(byFilter.status).toBe(200);
    expect(byFilter.headers.get('content-type')).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await byFilter.arrayBuffer()) }).toString();
    expect(text).toContain('Kaizen digest');
    expect(text).toContain('Digest alpha outage');
    expect(text).toContain('Digest beta outage');
    expect(text).not.toContain('Unrelated gamma');
    expect(text).toMatch(/SEV1/);

    const bySelection = await app.fetch(`/docs/digest.pdf?ids=${a.id}&ids=${b.id}`, { headers: { Cookie: cookie } });
    const selText = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await bySelection.arrayBuffer()) }).toString();
    expect(selText).toContain('Digest alpha outage');

    expect((await app.fetch('/docs/digest.pdf?service=nothing-matches', { headers: { Cookie: cookie } })).status).toBe(404);
    expect((await app.fetch('/docs/digest.pdf?ids=not-an-id', { headers: { Cookie: cookie } })).status).toBe(400);
    expect((await app.fetch('/docs/digest.pdf?severity=SEV9', { headers: { Cookie: cookie } })).status).toBe(400);
    expect((await app.fetch('/docs/digest.pdf')).status).toBe(302);
  });

  it('draws its trends: incidents by month and severity, every month between included, and action items by kind and state', async () => {
    const at = (startedAt: string) => ({ startedAt, endedAt: startedAt.replace('T10', 'T11'), timeline: [] });
    const made = [
      await createDocument(db(), {
        actor: editor,
        input: rcaInput({ title: 'Trend one', service: 'trend-svc', severity: 'SEV1', fields: at('2024-01-10T10:00:00Z') }),
      }),
      await createDocument(db(), {
        actor: editor,
        input: rcaInput({ title: 'Trend two', service: 'trend-svc', severity: 'SEV2', fields: at('2024-04-02T10:00:00Z') }),
      }),
      await createDocument(db(), {
        actor: editor,
        input: rcaInput({ title: 'Trend three', service: 'trend-svc', severity: 'SEV2', fields: at('2024-04-20T10:00:00Z') }),
      }),
    ];
    const docs = await loadDocuments(db(), { actor: editor, ids: made.map((d) => d.id) });
    const t = digestTrends(docs);
    expect(t.periods).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(t.incidents).toEqual([
      { label: 'SEV1', values: [1, 0, 0, 0] },
      { label: 'SEV2', values: [0, 0, 0, 2] },
    ]);
    expect(t.kinds).toEqual(['prevent']);
    expect(t.actions).toEqual([
      { label: 'Done', values: [0] },
      { label: 'Open or in progress', values: [3] },
      { label: "Won't do", values: [0] },
    ]);

    const cookie = await app.signIn(editor);
    const res = await app.fetch('/docs/digest.pdf?service=trend-svc', { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString();
    const trends = text.slice(text.indexOf('Trends'), text.indexOf('Trend one', text.indexOf('Trends')));
    expect(trends).toContain('Incidents by month and severity');
    expect(trends).toContain('Action items by kind and state');
    // The data table under the chart: one row per month, the empty ones too.
    expect(trends).toMatch(/2024-02\s+0\s+0/);
    expect(trends).toMatch(/2024-04\s+0\s+2/);
    expect(trends).toMatch(/prevent\s+0\s+3\s+0/);

    // Over three years of months, the columns are quarters.
    const moved = (d: (typeof docs)[number], startedAt: string) => ({ ...d, fields: { ...d.fields, startedAt } });
    const long = digestTrends([moved(docs[0], '2020-02-01T00:00:00Z'), moved(docs[1], '2024-11-01T00:00:00Z')]);
    expect(long.quarters).toBe(true);
    expect(long.periods).toHaveLength(20);
    expect([long.periods[0], long.periods.at(-1)]).toEqual(['2020-Q1', '2024-Q4']);
    expect(long.incidents.map((x) => x.values.reduce((a, b) => a + b))).toEqual([1, 1]);
  });
});
