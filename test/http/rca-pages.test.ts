import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createDocument, getDocument, transitionDocument } from '../../app/models/document.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('pages: action items, history, edit form', (db) => {
  let app: TestApp;
  let editor: Actor;
  let viewer: Actor;
  let cookie: string;
  let csrf: string;
  let viewerCookie: string;
  let token: string;

  const post = (path: string, fields: Record<string, string | string[]>, as = cookie) => {
    const body = new URLSearchParams();
    body.set('csrf', csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return app.fetch(path, {
      method: 'POST',
      headers: { Cookie: as, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
  };
  const page = async (path: string, as = cookie) => {
    const res = await app.fetch(path, { headers: { Cookie: as } });
    // React separates adjacent text with <!-- -->; drop it so assertions read like the page.
    return { status: res.status, html: (await res.text()).replace(/<!-- -->/g, ''), location: res.headers.get('location') };
  };

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    cookie = await app.signIn(editor);
    csrf = await app.csrf(cookie);
    viewerCookie = await app.signIn(viewer);
    token = await app.token(editor);
  });

  it('/actions lists items with counts, filters, and changes a status inline; a stale version is a conflict', async () => {
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({
        title: 'Mailer outage',
        fields: {
          nextSteps: [
            { title: 'Add a dead-letter queue', owner: 'Ada', dueDate: '2016-07-01' },
            { title: 'Page on backlog', kind: 'detect' },
          ],
        },
      }),
    });
    const list = await page('/actions');
    expect(list.status).toBe(200);
    expect(list.html).toContain('Add a dead-letter queue');
    expect(list.html).toContain('Mailer outage');
    expect(list.html).toMatch(/<strong>2<\/strong> open/);
    expect(list.html).toMatch(/<strong>1<\/strong> overdue/);
    expect(list.html).toContain('Overdue');

    const filtered = await page('/actions?status=&kind=detect&owner=');
    expect(filtered.html).toContain('Page on backlog');
    expect(filtered.html).not.toContain('Add a dead-letter queue');
    expect((await page('/actions?owner=nobody')).html).toContain('No action items match these filters');
    expect((await page('/actions?status=bogus')).html).toContain('Some filters were ignored');

    const item = doc.actionItems[0];
    const ok = await post('/actions', { intent: 'status', id: item.id, version: String(item.version), status: 'in_progress' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('is now in progress');
    const stale = await post('/actions', { intent: 'status', id: item.id, version: String(item.version), status: 'done' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('someone else changed this item');
    const now = (await getDocument(db(), { actor: editor, id: doc.id })).actionItems.find((a) => a.id === item.id)!;
    expect(now).toMatchObject({ status: 'in_progress', version: item.version + 1 });

    // Viewers see published items only and get no status forms; they cannot post.
    const v = await page('/actions', viewerCookie);
    expect(v.html).not.toContain('Add a dead-letter queue');
    expect(v.html).toContain('No action items yet');
    expect((await post('/actions', { intent: 'status', id: item.id, version: '2', status: 'done' }, viewerCookie)).status).toBe(403);
  });

  it('/actions pages through many items', async () => {
    const many = Array.from({ length: 55 }, (_, i) => ({ title: `Bulk step ${String(i).padStart(2, '0')}`, dueDate: '2030-01-01' }));
    await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Bulk', fields: { nextSteps: many } }) });
    const first = await page('/actions?owner=');
    const next = /href="([^"]*cursor=[^"]+)"/.exec(first.html);
    expect(next).not.toBeNull();
    const second = await page(next![1].replace(/&amp;/g, '&'));
    expect(second.status).toBe(200);
    expect(second.html).toContain('First page');
  });

  it('history lists revisions, shows a diff, and restores as a new revision (refused while published)', async () => {
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ title: 'History doc', fields: { rootCause: 'First cause' } }),
    });
    const edit = await post(`/docs/${doc.id}/edit`, {
      intent: 'save',
      version: '1',
      title: 'History doc',
      severity: 'SEV2',
      service: 'mailer',
      tags: 'queue',
      'f.rootCause': 'Second cause',
      'f.startedAt': '2016-06-15 22:04 UTC',
      'f.endedAt': '2016-06-16 22:44 UTC',
    });
    expect(edit.status).toBe(302);
    const h = await page(`/docs/${doc.id}/history`);
    expect(h.status).toBe(200);
    expect(h.html).toContain('Created');
    expect(h.html).toContain('Edited');
    expect(h.html).toContain('Root cause');
    const d = await page(`/docs/${doc.id}/history?from=1&to=2`);
    expect(d.html).toContain('Changes from version 1 to version 2');
    // The changed line, with the word that changed marked on each side.
    expect(d.html).toMatch(/<del[^>]*>- <mark class="diff-word-del">First<\/mark><span> cause<\/span>/);
    expect(d.html).toMatch(/<ins[^>]*>\+ <mark class="diff-word-add">Second<\/mark><span> cause<\/span>/);
    expect((await page(`/docs/${doc.id}/history?from=1&to=99`)).html).toContain('No version 99');

    const stale = await post(`/docs/${doc.id}/history`, { intent: 'restore', revision: '1', version: '1' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Not restored');
    const restored = await post(`/docs/${doc.id}/history`, { intent: 'restore', revision: '1', version: '2' });
    expect(restored.status).toBe(302);
    expect(restored.headers.get('location')).toBe(`/docs/${doc.id}/history?restored=1&as=3`);
    const after = await getDocument(db(), { actor: editor, id: doc.id });
    expect(after.version).toBe(3);
    expect(JSON.stringify(after.fields.rootCause)).toContain('First cause');

    await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: 3 } });
    await transitionDocument(db(), { actor: await createTestActor(db(), 'editor'), id: doc.id, input: { to: 'published', version: 4 } });
    const pub = await page(`/docs/${doc.id}/history`);
    expect(pub.html).toContain('Status changed');
    expect(pub.html).toContain('in_review → published');
    expect(pub.html).toContain('reopen it as a draft');
    expect(pub.html).not.toContain('Restore version');
    const refused = await post(`/docs/${doc.id}/history`, { intent: 'restore', revision: '1', version: '5' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Reopen it as a draft first');
    expect((await post(`/docs/${doc.id}/history`, { intent: 'restore', revision: '1', version: '5' }, viewerCookie)).status).toBe(403);
  });

  it('submitting an incomplete draft lands on the edit form with every problem next to its field', async () => {
    const doc = await createDocument(db(), {
      actor: editor,
      input: { template: 'blameless-rca', title: 'Incomplete', fields: { rootCause: 'The operator should have checked, human error.' } },
    });
    const read = await page(`/docs/${doc.id}`);
    expect(read.html).toContain('Before submitting for review (6 missing)');
    expect(read.html).toContain('Wording to review');
    expect(read.html).toContain('human error');
    const res = await post(`/docs/${doc.id}`, { to: 'in_review', version: '1' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/docs/${doc.id}/edit?missing=in_review`);
    const edit = await page(res.headers.get('location')!);
    expect(edit.html).toContain('6 things are missing before this can be sent for review');
    for (const msg of [
      'Time issue started is required.',
      'Add at least one entry to Events.',
      'Symptoms is required.',
      'Add at least one item to Next steps.',
    ])
      expect(edit.html.split(msg).length - 1).toBeGreaterThanOrEqual(2); // in the banner and next to the field
  });

  it('the edit form turns a paste into proposals (no JS) and adds only the checked ones on save', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Paste doc' }) });
    const base = {
      version: '1',
      title: 'Paste doc',
      severity: 'SEV2',
      service: 'mailer',
      tags: 'queue',
      'f.startedAt': '2016-06-15 22:04 UTC',
      'f.endedAt': '2016-06-16 22:44 UTC',
    };
    const proposed = await post(`/docs/${doc.id}/edit`, {
      ...base,
      intent: 'paste-timeline',
      'paste.timeline.text': '[22:40] alice: failover started\nnot a time line\n[23:05] bob: traffic back',
      'paste.timeline.date': '2016-06-15',
      'paste.timeline.zone': 'UTC',
    });
    expect(proposed.status).toBe(200);
    const html = await proposed.text();
    expect(html).toContain('Proposed entries from the paste');
    expect(html).toContain('alice: failover started');
    expect(html).toMatch(/Line (<!-- -->)?2(<!-- -->)?:/);
    expect(html).toContain('not a time line');
    expect((await getDocument(db(), { actor: editor, id: doc.id })).version).toBe(1); // nothing saved yet

    const saved = await post(`/docs/${doc.id}/edit`, {
      ...base,
      intent: 'save',
      'paste.timeline.pick': ['1'],
      'paste.timeline.0.at': '2016-06-15T22:40:00Z',
      'paste.timeline.0.text': 'alice: failover started',
      'paste.timeline.1.at': '2016-06-15T23:05:00Z',
      'paste.timeline.1.text': 'bob: traffic back',
      'f.timeline.0.at': '2016-06-15 22:04 UTC',
      'f.timeline.0.text': 'Consumers stop',
      'f.timeline.0.marker': '',
    });
    expect(saved.status).toBe(302);
    const after = await getDocument(db(), { actor: editor, id: doc.id });
    expect((after.fields.timeline as { text: string }[]).map((e) => e.text)).toEqual(['Consumers stop', 'bob: traffic back']);
  });

  it('API: revisions with a diff between two versions', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'API doc' }) });
    const call = (path: string, init: RequestInit = {}) =>
      app.fetch(path, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers as object) },
      });
    expect(
      (
        await call(`/api/v1/documents/${doc.id}`, {
          method: 'PATCH',
          body: JSON.stringify({ version: 1, fields: { whatHappened: '# Story\n\n- first\n- second' } }),
        })
      ).status,
    ).toBe(200);
    const res = await call(`/api/v1/documents/${doc.id}/revisions?from=1&to=2`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.map((r: { version: number; event: string }) => [r.version, r.event])).toEqual([
      [1, 'create'],
      [2, 'edit'],
    ]);
    expect(body.items[1]).toMatchObject({ by: expect.any(String), changed: ['fields.whatHappened'] });
    expect(body.items[0].at).toMatch(/Z$/);
    expect(body.diff.fields).toHaveLength(1);
    expect(body.diff.fields[0]).toMatchObject({ key: 'whatHappened', label: 'What happened', after: 'Story\n- first\n- second' });
    expect((await call(`/api/v1/documents/${doc.id}/revisions?from=1`)).status).toBe(400);
    expect((await call(`/api/v1/documents/${doc.id}/revisions?from=1&to=7`)).status).toBe(404);
    expect((await call(`/api/v1/documents/${doc.id}/revisions`)).status).toBe(200);
    const noToken = await app.fetch(`/api/v1/documents/${doc.id}/revisions`);
    expect(noToken.status).toBe(401);
  });
});
