import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { postForm } from '../security/helpers';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { getReadingList } from '../../app/models/reading.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('reads, on this day and reading lists', (db) => {
  let app: TestApp;
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  let admin: Actor;
  const cookies = {} as Record<'viewer' | 'admin' | 'editor', string>;

  async function publish(title: string, startedAt: string) {
    const end = new Date(Date.parse(startedAt) + 3_600_000).toISOString();
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ title, fields: { startedAt, endedAt: end, timeline: [{ at: startedAt, text: 'Alert', marker: 'detected' }] } }),
    });
    const r = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    return transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
  }
  const get = async (path: string, who: keyof typeof cookies) => {
    const res = await app.fetch(path, { headers: { Cookie: cookies[who] } });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  };
  const post = async (path: string, who: keyof typeof cookies, fields: Record<string, string>) =>
    postForm(app, path, cookies[who], { csrf: await app.csrf(cookies[who]), ...fields });

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer', { name: 'Vera Viewer' });
    admin = await createTestActor(db(), 'admin', { name: 'Ada Admin' });
    cookies.viewer = await app.signIn(viewer);
    cookies.admin = await app.signIn(admin);
    cookies.editor = await app.signIn(editor);
  });

  it('counts people, not page loads: each reader once', async () => {
    const doc = await publish('Counted reads', '2020-03-03T10:00:00Z');
    expect((await get(`/docs/${doc.id}`, 'viewer')).html).toContain('read by 1 person');
    expect((await get(`/docs/${doc.id}`, 'viewer')).html).toContain('read by 1 person');
    expect((await get(`/docs/${doc.id}`, 'admin')).html).toContain('read by 2 people');
  });

  it('shows incidents of the same week in earlier years on the home page, not other weeks', async () => {
    const now = new Date();
    const lastYear = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate(), 9, 0));
    const twoMonthsOff = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() + 2, now.getUTCDate(), 9, 0));
    await publish('This week last year: queue stall', lastYear.toISOString());
    await publish('Another season: cache stampede', twoMonthsOff.toISOString());
    const { html } = await get('/', 'viewer');
    const start = html.indexOf('id="on-this-day"');
    const section = html.slice(start, html.indexOf('</section>', start));
    expect(section).toContain('This week last year: queue stall');
    expect(section).toContain('a year ago');
    expect(section).not.toContain('Another season: cache stampede');
  });

  it('an admin curates a list through its forms; readers see their progress; who has read what', async () => {
    const first = await publish('Reading one', '2019-01-01T10:00:00Z');
    const second = await publish('Reading two', '2019-02-01T10:00:00Z');
    const draft = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Not yet published' }) });

    // Only admins create; a title is required.
    expect((await post('/reading', 'editor', { intent: 'create', title: 'Nope' })).status).toBe(403);
    const blank = await post('/reading', 'admin', { intent: 'create', title: '   ' });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('give the list a title');
    const created = await post('/reading', 'admin', {
      intent: 'create',
      title: 'Read before your first on-call',
      description: 'Start here.',
    });
    expect(created.status).toBe(302);
    const url = created.headers.get('location')!;
    expect(url).toMatch(/^\/reading\/[0-9a-f-]{36}$/);
    const id = url.split('/').pop()!;

    // Added by link or by id; a draft is refused naming the field and keeping the typed value.
    expect((await post(url, 'admin', { intent: 'add', document: `https://kaizen.example/docs/${first.id}` })).status).toBe(302);
    expect((await post(url, 'admin', { intent: 'add', document: second.id })).status).toBe(302);
    const refused = await post(url, 'admin', { intent: 'add', document: `/docs/${draft.id}` });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('paste a link to a published review');
    expect(refusedHtml).toContain(`value="/docs/${draft.id}"`);
    expect((await post(url, 'viewer', { intent: 'add', document: draft.id })).status).toBe(403);

    let list = await getReadingList(db(), { actor: admin, id });
    expect(list.items.map((i) => i.title)).toEqual(['Reading one', 'Reading two']);
    expect((await post(url, 'admin', { intent: 'move', document: second.id, direction: 'up' })).status).toBe(302);
    list = await getReadingList(db(), { actor: admin, id });
    expect(list.items.map((i) => i.title)).toEqual(['Reading two', 'Reading one']);

    // The viewer's progress, before and after reading one of them.
    const before = (await get('/reading', 'viewer')).html;
    expect(before.slice(before.indexOf('<main'), before.indexOf('</main>'))).toContain('You have read 0 of 2 reviews.');
    await get(`/docs/${first.id}`, 'viewer');
    expect((await get('/reading', 'viewer')).html).toContain('You have read 1 of 2 reviews.');
    const page = await get(url, 'viewer');
    expect(page.html).toContain('Read by you on');
    expect(page.html).not.toContain('Who has read what');
    // The admin sees who has read which.
    list = await getReadingList(db(), { actor: admin, id });
    expect(list.people?.find((p) => p.label === 'Vera Viewer')?.read).toEqual([first.id]);
    expect((await get(url, 'admin')).html).toContain('Who has read what');

    // Removing a review, then deleting the list (the reviews stay).
    expect((await post(url, 'admin', { intent: 'remove', document: first.id })).status).toBe(302);
    expect((await getReadingList(db(), { actor: admin, id })).items).toHaveLength(1);
    const deleted = await post(url, 'admin', { intent: 'delete' });
    expect(deleted.headers.get('location')).toBe('/reading');
    expect((await get(url, 'viewer')).status).toBe(404);
    expect((await get(`/docs/${second.id}`, 'viewer')).status).toBe(200);
  });

  it('answers 404 for a list id that is not one (a NUL byte, a slug), and 400 naming the field for a bad document id', async () => {
    for (const bad of ['a%00b', 'not-a-list', '%E2%80%AE', '0'.repeat(300)]) {
      expect((await get(`/reading/${bad}`, 'viewer')).status).toBe(404);
      expect((await post(`/reading/${bad}`, 'admin', { intent: 'delete' })).status).toBe(404);
      expect((await post(`/reading/${bad}`, 'admin', { intent: 'move', document: 'x', direction: 'up' })).status).toBe(404);
    }
    const created = await post('/reading', 'admin', { intent: 'create', title: 'Hostile ids' });
    const url = created.headers.get('location')!;
    const refused = await post(url, 'admin', { intent: 'add', document: 'a\u0000b' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('remove the NUL character');
    const slug = await post(url, 'admin', { intent: 'add', document: '/docs/not-a-review' });
    expect(slug.status).toBe(400);
    expect(await slug.text()).toContain('paste a link to a published review, or its id');
    expect((await post(url, 'admin', { intent: 'remove', document: 'nope\u0000' })).status).toBe(404);
  });
});
