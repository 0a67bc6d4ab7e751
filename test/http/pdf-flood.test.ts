import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { getPdfPool } from '../../app/pdf/pool.server';
import type { Actor } from '../../app/models/types';

// About the pool's shares under load: the production pool size, not the suite's one worker (vitest.config.ts).
delete process.env.PDF_POOL_SIZE;

/**
 * One signed-in user cannot stall PDF export for everyone: a flood of digests from one viewer gets a share of the
 * renderers and clear 429s with Retry-After for the rest, while another user's PDF is still served.
 */
describeEachBackend('PDF export under a digest flood', (db) => {
  let app: TestApp;
  let editor: Actor;
  let flooder: Actor;
  let other: Actor;
  const ids: string[] = [];
  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    flooder = await createTestActor(db(), 'viewer');
    other = await createTestActor(db(), 'viewer');
    for (let i = 0; i < 6; i++) {
      const d = await createDocument(db(), { actor: editor, input: rcaInput({ title: `Flood outage ${i}`, service: 'flood-svc' }) });
      const r = await transitionDocument(db(), { actor: editor, id: d.id, input: { to: 'in_review', version: d.version } });
      try {
        await transitionDocument(db(), { actor: editor, id: d.id, input: { to: 'published', version: r.version } });
      } catch {
        await transitionDocument(db(), {
          actor: await createTestActor(db(), 'editor'),
          id: d.id,
          input: { to: 'published', version: r.version },
        });
      }
      ids.push(d.id);
    }
  });
  afterAll(async () => {
    await getPdfPool().close();
  });

  it("20 concurrent digests from one viewer: some served, the rest 429 (their share is used up) with Retry-After; another user's PDF still answers", async () => {
    const flooderCookie = await app.signIn(flooder);
    const otherCookie = await app.signIn(other);
    const otherToken = await app.token(other);
    // Twenty different digests (so no two share a cached PDF) from one user, all at once …
    const flood = Array.from({ length: 20 }, (_, i) =>
      app.fetch(`/docs/digest.pdf?ids=${ids.slice(0, 1 + (i % 6)).join(',')}&status=published&from=2016-0${1 + (i % 9)}-01T00:00:00Z`, {
        headers: { Cookie: flooderCookie },
      }),
    );
    // … while another user exports a document (page and API).
    const otherPage = app.fetch(`/docs/${ids[0]}.pdf`, { headers: { Cookie: otherCookie } });
    const otherApi = app.fetch(`/api/v1/documents/${ids[1]}/pdf`, { headers: { Authorization: `Bearer ${otherToken}` } });
    const [page, api, ...floodRes] = await Promise.all([otherPage, otherApi, ...flood]);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('application/pdf');
    expect(api.status).toBe(200);
    const statuses = floodRes.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    const refused = floodRes.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await r.text()).toMatch(/PDF exports/);
    }
  });

  it('the API answers a user over their share with 429, Retry-After and the JSON error shape', async () => {
    // Eight different documents (nothing cached) exported at once by one user.
    const docs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createDocument(db(), { actor: editor, input: rcaInput({ title: `Share test ${i}` }) })),
    );
    const editorToken = await app.token(editor);
    const res = await Promise.all(
      docs.map((d) => app.fetch(`/api/v1/documents/${d.id}/pdf`, { headers: { Authorization: `Bearer ${editorToken}` } })),
    );
    const refused = res.filter((r) => r.status === 429);
    expect(res.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = await r.json();
      expect(body.error.code).toBe('pdf_busy');
      expect(typeof body.error.message).toBe('string');
    }
  });
});
