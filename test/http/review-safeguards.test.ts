import { beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { auditEvents } from '../../db/schema';
import type { Actor } from '../../app/models/types';

describeEachBackend('every write goes through the same safeguards', (db) => {
  let app: TestApp;
  let author: Actor;
  let reviewer: Actor;
  let authorToken: string;
  let reviewerToken: string;
  let viewerToken: string;
  const call = (path: string, token: string, init: { method?: string; json?: unknown } = {}) =>
    app.fetch(path, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
  const audit = (documentId: string, action: string) =>
    db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, documentId), eq(auditEvents.action, action)));

  beforeAll(async () => {
    app = await createTestApp(db());
    author = await createTestActor(db(), 'editor', { name: 'Ann Author' });
    reviewer = await createTestActor(db(), 'editor', { name: 'Rita Reviewer' });
    authorToken = await app.token(author);
    reviewerToken = await app.token(reviewer);
    viewerToken = await app.token(await createTestActor(db(), 'viewer'));
  });

  /** An RCA written by the author through the API and submitted for review. */
  async function submittedRca(title: string) {
    const created = await (await call('/api/v1/documents', authorToken, { method: 'POST', json: rcaInput({ title }) })).json();
    const res = await call(`/api/v1/documents/${created.id}/transitions`, authorToken, {
      method: 'POST',
      json: { to: 'in_review', version: created.version },
    });
    expect(res.status).toBe(200);
    return res.json();
  }

  it('publishing through the API: the author is refused with a clear 403, another editor publishes (who and when recorded)', async () => {
    const doc = await submittedRca('Cache stampede after deploy');
    const own = await call(`/api/v1/documents/${doc.id}/transitions`, authorToken, {
      method: 'POST',
      json: { to: 'published', version: doc.version },
    });
    expect(own.status).toBe(403);
    const err = (await own.json()).error;
    expect(err.code).toBe('needs_reviewer');
    expect(err.message).toMatch(/You wrote this document, so someone else publishes it/);
    expect(err.issues[0].path).toEqual(['to']);
    const ok = await call(`/api/v1/documents/${doc.id}/transitions`, reviewerToken, {
      method: 'POST',
      json: { to: 'published', version: doc.version },
    });
    expect(ok.status).toBe(200);
    const pub = await ok.json();
    expect(pub).toMatchObject({ status: 'published', publishedBy: 'Rita Reviewer' });
    expect(pub.publishedAt).toMatch(/Z$/);
    const [row] = await audit(doc.id, 'document.transitioned').then((rows) => rows.filter((r) => r.details.to === 'published'));
    expect(row.actorLabel).toBe(`${reviewer.email} (API token)`);
  });

  it('adds and updates follow-up action items on a published RCA without reopening it: audit, revision and search follow', async () => {
    const doc = await submittedRca('Queue backlog after the broker upgrade');
    const pub = await (
      await call(`/api/v1/documents/${doc.id}/transitions`, reviewerToken, {
        method: 'POST',
        json: { to: 'published', version: doc.version },
      })
    ).json();

    const created = await call(`/api/v1/documents/${doc.id}/action-items`, authorToken, {
      method: 'POST',
      json: { title: 'Backfill quarantined zeppelin messages', kind: 'mitigate', owner: 'Grace Hopper', dueDate: '2016-08-01' },
    });
    expect(created.status).toBe(201);
    const item = await created.json();
    expect(item).toMatchObject({
      title: 'Backfill quarantined zeppelin messages',
      kind: 'mitigate',
      status: 'open',
      fieldKey: 'nextSteps',
    });

    let read = await (await call(`/api/v1/documents/${doc.id}`, viewerToken)).json();
    expect(read.status).toBe('published');
    expect(read.version).toBe(pub.version + 1);
    expect(read.actionItems.map((a: { title: string }) => a.title)).toContain('Backfill quarantined zeppelin messages');
    // Searchable at once (the search text is rebuilt in the same transaction).
    const found = await (await call(`/api/v1/documents?q=${encodeURIComponent('zeppelin')}`, viewerToken)).json();
    expect(found.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    // History and audit trail.
    let revs = (await (await call(`/api/v1/documents/${doc.id}/revisions`, viewerToken)).json()).items;
    expect(revs.at(-1)).toMatchObject({ version: pub.version + 1, changed: ['actionItems'] });
    expect(await audit(doc.id, 'action_item.created')).toHaveLength(1);

    const patched = await call(`/api/v1/action-items/${item.id}`, authorToken, {
      method: 'PATCH',
      json: { version: item.version, status: 'done' },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ status: 'done', version: item.version + 1 });
    read = await (await call(`/api/v1/documents/${doc.id}`, viewerToken)).json();
    expect(read).toMatchObject({ status: 'published', version: pub.version + 2 });
    revs = (await (await call(`/api/v1/documents/${doc.id}/revisions`, viewerToken)).json()).items;
    expect(revs.at(-1)).toMatchObject({ version: pub.version + 2, changed: ['actionItems'] });
    const [edited] = await audit(doc.id, 'action_item.edited');
    expect(edited.details).toMatchObject({ actionItemId: item.id, changes: ['status open → done'] });
    // A stale version is a conflict; a kind the list does not offer is a 400 naming the field.
    const stale = await call(`/api/v1/action-items/${item.id}`, authorToken, {
      method: 'PATCH',
      json: { version: item.version, status: 'wont_do' },
    });
    expect(stale.status).toBe(409);
    const badKind = await call(`/api/v1/documents/${doc.id}/action-items`, authorToken, {
      method: 'POST',
      json: { title: 'x', kind: 'launch blocker' },
    });
    expect(badKind.status).toBe(400);
    expect((await badKind.json()).error.issues[0].path).toEqual(['kind']);
    // Viewers may not write.
    expect((await call(`/api/v1/documents/${doc.id}/action-items`, viewerToken, { method: 'POST', json: { title: 'x' } })).status).toBe(
      403,
    );
  });

  it('an archived document takes no action-item writes', async () => {
    const doc = await submittedRca('Archived incident');
    const back = await (
      await call(`/api/v1/documents/${doc.id}/transitions`, authorToken, { method: 'POST', json: { to: 'draft', version: doc.version } })
    ).json();
    const archived = await (
      await call(`/api/v1/documents/${doc.id}/transitions`, authorToken, {
        method: 'POST',
        json: { to: 'archived', version: back.version },
      })
    ).json();
    const res = await call(`/api/v1/documents/${doc.id}/action-items`, authorToken, { method: 'POST', json: { title: 'Too late' } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('read_only');
    const patch = await call(`/api/v1/action-items/${archived.actionItems[0].id}`, authorToken, {
      method: 'PATCH',
      json: { version: archived.actionItems[0].version, status: 'done' },
    });
    expect(patch.status).toBe(409);
  });

  it('the document page adds a follow-up and changes a status on a published RCA, and hides Publish from its author', async () => {
    const doc = await submittedRca('Disk filled on the log host');
    const authorCookie = await app.signIn(author);
    const authorPage = await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: authorCookie } })).text();
    expect(authorPage).toContain('Waiting for a reviewer');
    expect(authorPage).not.toMatch(/name="to" value="published"/);
    const reviewerCookie = await app.signIn(reviewer);
    const reviewerPage = await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: reviewerCookie } })).text();
    expect(reviewerPage).toMatch(/name="to" value="published"/);
    await call(`/api/v1/documents/${doc.id}/transitions`, reviewerToken, {
      method: 'POST',
      json: { to: 'published', version: doc.version },
    });

    const csrf = await app.csrf(authorCookie);
    const post = (body: Record<string, string>) =>
      app.fetch(`/docs/${doc.id}`, {
        method: 'POST',
        headers: { Cookie: authorCookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, ...body }),
      });
    const added = await post({
      intent: 'action-add',
      field: 'nextSteps',
      title: 'Rotate logs hourly on quokka hosts',
      kind: 'prevent',
      owner: '',
      dueDate: '',
    });
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('Added “Rotate logs hourly on quokka hosts”.');
    let read = await (await call(`/api/v1/documents/${doc.id}`, viewerToken)).json();
    expect(read.status).toBe('published');
    const item = read.actionItems.find((a: { title: string }) => a.title === 'Rotate logs hourly on quokka hosts');
    expect(item).toMatchObject({ kind: 'prevent', status: 'open' });
    const set = await post({ intent: 'action-status', id: item.id, itemVersion: String(item.version), status: 'in_progress' });
    expect(set.status).toBe(200);
    read = await (await call(`/api/v1/documents/${doc.id}`, viewerToken)).json();
    expect(read.actionItems.find((a: { id: string }) => a.id === item.id).status).toBe('in_progress');
    expect((await (await call(`/api/v1/documents?q=quokka`, viewerToken)).json()).items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    expect(await audit(doc.id, 'action_item.created')).toHaveLength(1);
    expect(await audit(doc.id, 'action_item.edited')).toHaveLength(1);
    const empty = await post({ intent: 'action-add', field: 'nextSteps', title: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('give the action a title');
  });
});
