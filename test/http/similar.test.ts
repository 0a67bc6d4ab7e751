import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { updateActionItem } from '../../app/models/action-item-change.server';
import { similarIncidents } from '../../app/models/similar.server';
import type { Actor, DocumentView } from '../../app/models/types';

describeEachBackend('similar past incidents', (db) => {
  let app: TestApp;
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  const docs = {} as Record<'certDone' | 'certOpen' | 'unrelated' | 'current' | 'later' | 'draft', DocumentView>;

  const text = {
    cert: {
      symptoms: 'Clients failed the TLS handshake against the checkout API; browsers showed certificate warnings.',
      whatHappened: 'The certificate on the checkout load balancer expired. Renewal automation skipped the certificate.',
      rootCause: 'Certificate renewal ran only for certificates listed in an inventory that missed the checkout load balancer.',
    },
    other: {
      symptoms: 'Search results were stale for two hours.',
      whatHappened: 'The indexing queue backed up after a schema change in the product feed.',
      rootCause: 'The feed consumer rejected records with a new optional column and retried them forever.',
    },
  };

  async function rca(
    title: string,
    startedAt: string,
    service: string,
    tags: string[],
    prose: typeof text.cert,
    publish = true,
    prevent: 'done' | 'open' = 'open',
  ) {
    const end = new Date(Date.parse(startedAt) + 3_600_000).toISOString();
    let doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({
        title,
        service,
        tags,
        fields: { startedAt, endedAt: end, timeline: [{ at: startedAt, text: 'Alert fires', marker: 'detected' }], ...prose },
      }),
    });
    if (!publish) return doc;
    const r = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    doc = await transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
    if (prevent === 'done') {
      const [item] = doc.actionItems;
      await updateActionItem(db(), { actor: editor, id: item.id, input: { status: 'done', version: item.version } });
    }
    return doc;
  }

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    docs.certDone = await rca(
      'Expired certificate on checkout',
      '2022-03-01T10:00:00Z',
      'checkout-sim',
      ['tls', 'certificates'],
      text.cert,
      true,
      'done',
    );
    docs.certOpen = await rca('Checkout certificate expired again', '2023-03-01T10:00:00Z', 'checkout-sim', ['tls'], text.cert);
    docs.unrelated = await rca('Stale search results', '2023-06-01T10:00:00Z', 'search-sim', ['indexing'], text.other);
    docs.current = await rca(
      'TLS handshake failures at checkout',
      '2024-03-01T10:00:00Z',
      'checkout-sim',
      ['tls', 'certificates'],
      text.cert,
    );
    docs.later = await rca('A later certificate expiry', '2025-03-01T10:00:00Z', 'checkout-sim', ['tls'], text.cert);
    docs.draft = await rca('Draft certificate note', '2021-03-01T10:00:00Z', 'checkout-sim', ['tls'], text.cert, false);
  });

  it('ranks earlier incidents by service, tags and wording, says why, and flags recurrences', async () => {
    const items = await similarIncidents(db(), { actor: viewer, id: docs.current.id });
    const ids = items.map((i) => i.id);
    expect(ids.slice(0, 2).sort()).toEqual([docs.certDone.id, docs.certOpen.id].sort());
    expect(ids).not.toContain(docs.later.id); // not earlier
    expect(ids).not.toContain(docs.draft.id); // not published
    expect(ids).not.toContain(docs.current.id);
    const done = items.find((i) => i.id === docs.certDone.id)!;
    expect(done.reasons).toContain('same service: checkout-sim');
    expect(done.reasons).toContain('shared tags: tls, certificates');
    expect(done.reasons.find((r) => r.startsWith('similar words:'))).toContain('certif');
    expect(done).toMatchObject({ recurrence: 'came_back', prevent: { total: 1, done: 1, open: 0 } });
    expect(items.find((i) => i.id === docs.certOpen.id)).toMatchObject({
      recurrence: 'still_open',
      prevent: { total: 1, done: 0, open: 1 },
    });
    const unrelated = items.find((i) => i.id === docs.unrelated.id);
    if (unrelated) expect(unrelated.recurrence).toBeNull();
  });

  it('through the API: the same list, a bad limit named, nothing for a launch review, 404 for what the caller cannot read', async () => {
    const token = await app.token(viewer);
    const auth = { Authorization: `Bearer ${token}` };
    const res = await app.fetch(`/api/v1/documents/${docs.current.id}/similar?limit=2`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; recurrence: string | null }[] };
    expect(body.items.map((i) => i.id).sort()).toEqual([docs.certDone.id, docs.certOpen.id].sort());
    const bad = await app.fetch(`/api/v1/documents/${docs.current.id}/similar?limit=0`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string[] }[] } }).error.issues[0].path).toEqual(['limit']);
    const launch = await createDocument(db(), { actor: editor, input: { template: 'etsy-go-no-go', title: 'Similar launch' } });
    const editorAuth = { Authorization: `Bearer ${await app.token(editor)}` };
    expect(await (await app.fetch(`/api/v1/documents/${launch.id}/similar`, { headers: editorAuth })).json()).toEqual({ items: [] });
    expect((await app.fetch(`/api/v1/documents/${docs.draft.id}/similar`, { headers: auth })).status).toBe(404);
  });

  it('the RCA page lists them with the recurrence warning', async () => {
    const cookie = await app.signIn(viewer);
    const html = await (await app.fetch(`/docs/${docs.current.id}`, { headers: { Cookie: cookie } })).text();
    expect(html).toContain('Similar past incidents');
    expect(html).toContain('Looks like a recurrence');
    expect(html).toContain('came back after prevent actions were done');
  });
});
