import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createDocument } from '../../app/models/document.server';
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
});
