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
