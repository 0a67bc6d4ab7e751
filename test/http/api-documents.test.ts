import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';

describeEachBackend('JSON API: documents', (db) => {
  let app: TestApp;
  let editorToken: string;
  let viewerToken: string;
  const call = (path: string, token: string | null, init: RequestInit & { json?: unknown } = {}) =>
    app.fetch(path, {
      ...init,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(init.headers as Record<string, string>),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });

  beforeAll(async () => {
    app = await createTestApp(db());
    editorToken = await app.token(await createTestActor(db(), 'editor'));
    viewerToken = await app.token(await createTestActor(db(), 'viewer'));
  });

  it('refuses a missing or bad token with 401 in the error shape', async () => {
    for (const token of [null, 'not-a-real-token-value']) {
      const res = await call('/api/v1/documents', token);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('lists templates', async () => {
    const res = await call('/api/v1/templates', viewerToken);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.map((t: { key: string }) => t.key)).toContain('blameless-rca');
  });

  it('creates, reads, patches and conflicts as API.md describes', async () => {
    const created = await call('/api/v1/documents', editorToken, {
      method: 'POST',
      json: rcaInput({ fields: { rootCause: '# Cause\n\n- a **bold** item' } }),
    });
    expect(created.status).toBe(201);
    const doc = await created.json();
    expect(doc).toMatchObject({
      version: 1,
      kind: 'rca',
      status: 'draft',
      template: { key: 'blameless-rca', version: 2 },
      links: { html: `/docs/${doc.id}`, pdf: `/docs/${doc.id}.pdf` },
    });
    expect(doc.computed.impactMinutes).toBe(1480);
    expect(doc.fields.rootCause.content[0]).toMatchObject({ type: 'heading' });
    expect(doc.createdAt).toMatch(/Z$/);

    const patched = await call(`/api/v1/documents/${doc.id}`, editorToken, {
      method: 'PATCH',
      json: { version: 1, fields: { environment: 'eu-west-1' } },
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).version).toBe(2);

    const stale = await call(`/api/v1/documents/${doc.id}`, editorToken, { method: 'PATCH', json: { version: 1, title: 'stale' } });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('conflict');

    const viewerPatch = await call(`/api/v1/documents/${doc.id}`, viewerToken, { method: 'PATCH', json: { version: 2, title: 'x' } });
    expect(viewerPatch.status).toBe(403);
  });

  it('answers bad bodies with 4xx and the field path', async () => {
    const bad = await call('/api/v1/documents', editorToken, {
      method: 'POST',
      json: { template: 'blameless-rca', title: '', fields: { startedAt: 'yesterday' } },
    });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain('title');
    const notJson = await call('/api/v1/documents', editorToken, {
      method: 'POST',
      body: '{oops',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    const wrongType = await call('/api/v1/documents', editorToken, { method: 'POST', body: 'x=1' });
    expect(wrongType.status).toBe(415);
    const missing = await call('/api/v1/documents/00000000-0000-4000-8000-000000000000', editorToken);
    expect(missing.status).toBe(404);
    const nope = await call('/api/v1/nothing-here', editorToken);
    expect(nope.status).toBe(404);
    expect((await nope.json()).error.code).toBe('not_found');
  });

  it('transitions with strict checks (422 lists every issue)', async () => {
    const doc = await (
      await call('/api/v1/documents', editorToken, { method: 'POST', json: { template: 'blameless-rca', title: 'Thin' } })
    ).json();
    const res = await call(`/api/v1/documents/${doc.id}/transitions`, editorToken, {
      method: 'POST',
      json: { to: 'in_review', version: doc.version },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues.length).toBeGreaterThanOrEqual(6);
  });
});
