// Issue 15 item 3: action item owners and reviewers are accounts. An owner that names an account (its e-mail address,
// @handle or whole name) links the item to it and tells them; other text stays free text, shown as such. Editors ask
// colleagues to review a document or sign a launch review for a role; "For me" lists what waits on each person.
// Through the API and the pages without JavaScript, on both databases.
import { beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createLaunch } from '../helpers/launches';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { decode, formOf } from '../helpers/forms';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import { auditEvents, notifications } from '../../db/schema';
import type { Actor } from '../../app/models/types';

type Item = { id: string; version: number; title: string; owner: string | null; ownerUserId: string | null };
type Request = { id: string; kind: string; role: string | null; userId: string; userLabel: string; state: string };
type Assignments = {
  actionItems: { id: string; title: string; documentId: string; overdue: boolean }[];
  reviews: { requestId: string; documentId: string; title: string }[];
  signoffs: { requestId: string; documentId: string; role: string | null }[];
};
type ApiError = { error: { code: string; issues?: { path: (string | number)[] }[] } };

describeEachBackend('assignments: owners, review and sign-off requests, "For me"', (db) => {
  let app: TestApp;
  let editor: Actor;
  let grace: Actor;
  let kim: Actor;
  let viewer: Actor;
  let admin: Actor;
  const tokens = new Map<string, string>();

  const api = async (actor: Actor, path: string, method = 'GET', json?: unknown) => {
    const res = await app.fetch(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens.get(actor.id)}`,
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as unknown };
  };
  const issuePath = (body: unknown) => (body as ApiError).error.issues?.[0]?.path;
  const noticesOf = (actor: Actor) =>
    db()
      .select({ kind: notifications.kind, summary: notifications.summary, documentId: notifications.documentId })
      .from(notifications)
      .where(eq(notifications.userId, actor.id));
  const itemsOf = async (actor: Actor, id: string) => ((await api(actor, `/documents/${id}`)).body as { actionItems: Item[] }).actionItems;
  const page = async (cookie: string, path: string) =>
    decode((await (await app.fetch(path, { headers: { Cookie: cookie } })).text()).replace(/<!-- -->/g, ''));
  const post = async (cookie: string, path: string, body: Record<string, string>) => {
    const res = await app.fetch(path, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: await app.csrf(cookie), ...body }),
    });
    return { status: res.status, html: decode((await res.text()).replace(/<!-- -->/g, '')) };
  };

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor', { name: 'Eda Editor' });
    grace = await createTestActor(db(), 'editor', { name: 'Grace Hopper' });
    kim = await createTestActor(db(), 'editor', { name: 'Kim Lee' });
    viewer = await createTestActor(db(), 'viewer', { name: 'Vic Viewer' });
    admin = await createTestActor(db(), 'admin', { name: 'Ada Admin' });
    for (const a of [editor, grace, kim, viewer, admin]) tokens.set(a.id, await app.token(a));
  });

  it('an owner naming an account links the item and tells them once; other text stays free text', async () => {
    const graceLocal = grace.email.split('@')[0];
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({
        title: 'Owners by e-mail, handle, name and free text',
        fields: {
          nextSteps: [
            { title: 'By e-mail', kind: 'prevent', owner: grace.email.toUpperCase() },
            { title: 'By handle', kind: 'prevent', owner: `@${graceLocal}` },
            { title: 'By name', kind: 'prevent', owner: 'kim lee' },
            { title: 'Free text', kind: 'prevent', owner: 'SRE team' },
            { title: 'A viewer cannot read a draft', kind: 'prevent', owner: viewer.email },
            { title: 'The author owns it', kind: 'prevent', owner: editor.email },
            { title: 'Nobody', kind: 'prevent' },
          ],
        },
      }),
    });
    const items = await itemsOf(editor, doc.id);
    expect(items.map((i) => [i.title, i.owner, i.ownerUserId])).toEqual([
      ['By e-mail', 'Grace Hopper', grace.id],
      ['By handle', 'Grace Hopper', grace.id],
      ['By name', 'Kim Lee', kim.id],
      ['Free text', 'SRE team', null],
      ['A viewer cannot read a draft', viewer.email, null],
      ['The author owns it', 'Eda Editor', editor.id],
      ['Nobody', null, null],
    ]);
    // One notice per newly assigned item, never to whoever made the change.
    const graceNotices = (await noticesOf(grace)).filter((n) => n.documentId === doc.id);
    expect(graceNotices.map((n) => n.kind)).toEqual(['assigned', 'assigned']);
    expect(graceNotices[0].summary).toContain('Eda Editor made you the owner of');
    expect((await noticesOf(kim)).filter((n) => n.documentId === doc.id)).toHaveLength(1);
    expect((await noticesOf(editor)).filter((n) => n.documentId === doc.id)).toHaveLength(0);

    // Saving the document again (owners unchanged) tells nobody again; changing free text to a name links it.
    const current = await itemsOf(editor, doc.id);
    const res = await api(editor, `/documents/${doc.id}`, 'PATCH', {
      version: doc.version,
      fields: {
        nextSteps: current.map((i) => ({
          id: i.id,
          title: i.title,
          kind: 'prevent',
          owner: i.title === 'Free text' ? 'Grace Hopper' : i.owner,
        })),
      },
    });
    expect(res.status).toBe(200);
    const after = await itemsOf(editor, doc.id);
    expect(after.find((i) => i.title === 'Free text')?.ownerUserId).toBe(grace.id);
    expect(after.find((i) => i.title === 'By e-mail')?.version).toBe(current.find((i) => i.title === 'By e-mail')?.version);
    expect((await noticesOf(grace)).filter((n) => n.documentId === doc.id)).toHaveLength(3);

    // The API may name the account by id; one that may not read the document is a 400 naming ownerUserId.
    const free = after.find((i) => i.title === 'Nobody') as Item;
    const bad = await api(editor, `/action-items/${free.id}`, 'PATCH', { version: free.version, ownerUserId: viewer.id });
    expect(bad.status).toBe(400);
    expect(issuePath(bad.body)).toEqual(['ownerUserId']);
    const ok = await api(editor, `/action-items/${free.id}`, 'PATCH', { version: free.version, ownerUserId: kim.id });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ owner: 'Kim Lee', ownerUserId: kim.id });
    // Clearing the owner unlinks it.
    const cleared = await api(editor, `/action-items/${free.id}`, 'PATCH', { version: free.version + 1, owner: '' });
    expect(cleared.body).toMatchObject({ owner: null, ownerUserId: null });

    // The page says which owners are free text.
    const html = await page(await app.signIn(editor), `/docs/${doc.id}`);
    expect(html).toContain(viewer.email);
    expect(html).toMatch(/A viewer cannot read a draft[\s\S]*?\(no account\)/);
    expect(html).toContain('data-owner-account');
  });

  it('the edit page suggests accounts as owners, and a row saved without JavaScript naming one links it', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Owner suggestions on the edit page' }) });
    const cookie = await app.signIn(editor);
    const html = await page(cookie, `/docs/${doc.id}/edit`);
    const list = /<datalist id="nextSteps-owners">([\s\S]*?)<\/datalist>/.exec(html)?.[1] ?? '';
    expect(list).toContain(`value="Kim Lee">${kim.email}<`);
    // A viewer cannot read a draft: not offered.
    expect(list).not.toContain(viewer.email);
    expect(html).toMatch(
      /name="f\.nextSteps\.0\.owner"[^>]*list="nextSteps-owners"|list="nextSteps-owners"[^>]*name="f\.nextSteps\.0\.owner"/,
    );
    const body = formOf(html, { 'f.nextSteps.0.title': 'Page the right team', 'f.nextSteps.0.owner': 'Kim Lee' });
    const res = await app.fetch(`/docs/${doc.id}/edit`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...body, ['csrf', await app.csrf(cookie)]]),
    });
    expect(res.status).toBeLessThan(400);
    const [item] = await itemsOf(editor, doc.id);
    expect([item.title, item.owner, item.ownerUserId]).toEqual(['Page the right team', 'Kim Lee', kim.id]);
    expect((await noticesOf(kim)).filter((n) => n.documentId === doc.id).map((n) => n.kind)).toEqual(['assigned']);
  });

  it('"assigned to me": /api/v1/assignments, ?assignee=me and the For me page list my open items on documents I may read', async () => {
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({
        title: 'Kim owns two steps',
        fields: {
          nextSteps: [
            { title: 'Kim: overdue step', kind: 'prevent', owner: kim.email, dueDate: '2020-01-01' },
            { title: 'Kim: done step', kind: 'prevent', owner: kim.email, status: 'done' },
            { title: 'Grace: her step', kind: 'prevent', owner: grace.email },
          ],
        },
      }),
    });
    const mine = (await api(kim, '/assignments')).body as Assignments;
    const here = mine.actionItems.filter((a) => a.documentId === doc.id);
    expect(here.map((a) => [a.title, a.overdue])).toEqual([['Kim: overdue step', true]]);
    const list = (await api(kim, '/action-items?assignee=me&limit=200')).body as { items: Item[] };
    expect(
      list.items
        .filter((i) => i.title.startsWith('Kim:'))
        .map((i) => i.title)
        .sort(),
    ).toEqual(['Kim: done step', 'Kim: overdue step']);
    expect(list.items.every((i) => i.ownerUserId === kim.id)).toBe(true);
    expect((await api(kim, '/action-items?assignee=someone')).status).toBe(400);

    const kimCookie = await app.signIn(kim);
    const html = await page(kimCookie, '/assigned');
    expect(html).toContain('Kim: overdue step');
    expect(html).not.toContain('Kim: done step');
    expect(html).not.toContain('Grace: her step');
    expect(html).toContain('overdue');
    expect(await page(kimCookie, '/actions?assignee=me')).toContain('Kim: overdue step');

    // A viewer owns an item of a published RCA; once it is reopened as a draft, it leaves their list.
    const rca = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ title: 'Published with a viewer owner', fields: { nextSteps: [{ title: 'Vic: tell support', kind: 'process' }] } }),
    });
    const r = await transitionDocument(db(), { actor: editor, id: rca.id, input: { to: 'in_review', version: rca.version } });
    const pub = await transitionDocument(db(), { actor: admin, id: rca.id, input: { to: 'published', version: r.version } });
    const [item] = await itemsOf(editor, rca.id);
    expect((await api(editor, `/action-items/${item.id}`, 'PATCH', { version: item.version, owner: viewer.email })).status).toBe(200);
    expect(((await api(viewer, '/assignments')).body as Assignments).actionItems.map((a) => a.title)).toContain('Vic: tell support');
    await transitionDocument(db(), { actor: admin, id: rca.id, input: { to: 'draft', version: pub.version + 1 } });
    expect(((await api(viewer, '/assignments')).body as Assignments).actionItems.map((a) => a.title)).not.toContain('Vic: tell support');
    const empty = await page(await app.signIn(viewer), '/assigned');
    expect(empty).toContain('No open action items are yours.');
    expect(empty).toContain('No review waits on you.');
  });

  it('review and sign-off requests: validation names the field, duplicates are 409s, the account is told, done when signed or published', async () => {
    const rca = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Needs a reviewer' }) });
    const ask = (actor: Actor, id: string, body: unknown) => api(actor, `/documents/${id}/requests`, 'POST', body);
    const cases: [unknown, (string | number)[]][] = [
      [{ kind: 'nope', account: grace.email }, ['kind']],
      [{ kind: 'review' }, ['account']],
      [{ kind: 'review', account: 'nobody@example.com' }, ['account']],
      [{ kind: 'review', account: viewer.email }, ['account']], // viewers do not review drafts
      [{ kind: 'review', account: editor.email }, ['account']], // oneself (and the author)
      [{ kind: 'review', account: grace.email, role: 'Operations' }, ['role']],
      [{ kind: 'signoff', account: grace.email, role: 'Operations' }, ['kind']], // an RCA takes no sign-offs
      [{ kind: 'review', account: grace.email, surprise: 1 }, []],
    ];
    for (const [body, path] of cases) {
      const res = await ask(editor, rca.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (path.length) expect(issuePath(res.body), JSON.stringify(body)).toEqual(path);
    }
    // Kim asks Grace and the author may not be asked to review their own document.
    const byAuthor = await ask(kim, rca.id, { kind: 'review', account: editor.email });
    expect(byAuthor.status).toBe(400);
    expect(issuePath(byAuthor.body)).toEqual(['account']);
    expect((await ask(viewer, rca.id, { kind: 'review', account: grace.email })).status).toBe(403);

    const created = await ask(editor, rca.id, { kind: 'review', account: `@${grace.email.split('@')[0]}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'review', role: null, userId: grace.id, userLabel: 'Grace Hopper', state: 'waiting' });
    expect((await ask(editor, rca.id, { kind: 'review', account: grace.id })).status).toBe(409);
    const told = (await noticesOf(grace)).filter((n) => n.documentId === rca.id);
    expect(told).toEqual([{ kind: 'review_request', documentId: rca.id, summary: 'Eda Editor asked you to review “Needs a reviewer”.' }]);
    expect(((await api(grace, '/assignments')).body as Assignments).reviews.map((r) => r.documentId)).toContain(rca.id);

    // Published: the request is done and leaves Grace's list; no new requests on a published document.
    const r = await transitionDocument(db(), { actor: editor, id: rca.id, input: { to: 'in_review', version: rca.version } });
    await transitionDocument(db(), { actor: grace, id: rca.id, input: { to: 'published', version: r.version } });
    expect(((await api(grace, `/documents/${rca.id}/requests`)).body as { items: Request[] }).items).toEqual([
      expect.objectContaining({ userId: grace.id, state: 'done' }),
    ]);
    expect(((await api(grace, '/assignments')).body as Assignments).reviews.map((x) => x.documentId)).not.toContain(rca.id);
    expect((await ask(editor, rca.id, { kind: 'review', account: kim.email })).status).toBe(409);

    // A launch review: a sign-off request names one of the template's roles; it is done once signed on the current content.
    const launch = await createLaunch(db(), { author: editor, title: 'Launch needs Operations', signers: undefined });
    const badRole = await ask(editor, launch.id, { kind: 'signoff', account: kim.email, role: 'Astrologer' });
    expect(badRole.status).toBe(400);
    expect(issuePath(badRole.body)).toEqual(['role']);
    const noRole = await ask(editor, launch.id, { kind: 'signoff', account: kim.email });
    expect(issuePath(noRole.body)).toEqual(['role']);
    const s = await ask(editor, launch.id, { kind: 'signoff', account: kim.email, role: 'Operations' });
    expect(s.status).toBe(201);
    expect((await noticesOf(kim)).map((n) => n.summary)).toContain('Eda Editor asked you to sign “Launch needs Operations” as Operations.');
    expect(((await api(kim, '/assignments')).body as Assignments).signoffs).toEqual([
      expect.objectContaining({ documentId: launch.id, role: 'Operations' }),
    ]);
    await transitionDocument(db(), { actor: editor, id: launch.id, input: { to: 'in_review', version: launch.version } });
    await createSignoff(db(), { actor: kim, documentId: launch.id, input: { role: 'Operations', decision: 'go', comment: '' } });
    expect(((await api(kim, '/assignments')).body as Assignments).signoffs).toEqual([]);
    const launchRequests = (await api(editor, `/documents/${launch.id}/requests`)).body as { items: Request[] };
    expect(launchRequests.items.map((x) => [x.kind, x.role, x.state])).toEqual([['signoff', 'Operations', 'done']]);

    // Withdrawing: 204, then 404; a viewer cannot.
    const other = (await ask(editor, launch.id, { kind: 'review', account: kim.email })).body as Request;
    expect((await api(viewer, `/documents/${launch.id}/requests/${other.id}`, 'DELETE')).status).toBe(403);
    expect((await api(editor, `/documents/${launch.id}/requests/${other.id}`, 'DELETE')).status).toBe(204);
    expect((await api(editor, `/documents/${launch.id}/requests/${other.id}`, 'DELETE')).status).toBe(404);
    expect((await api(editor, `/documents/${launch.id}/requests/not-a-uuid`, 'DELETE')).status).toBe(404);
    const audit = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, launch.id)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['request.created', 'request.withdrawn']));
  });

  it('without JavaScript: ask from the document page (a refusal keeps the choice and names the field), see it under For me, withdraw', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Asked from the page' }) });
    const editorCookie = await app.signIn(editor);
    let html = await page(editorCookie, `/docs/${doc.id}`);
    expect(html).toContain('Nobody has been asked yet.');
    expect(html).toMatch(new RegExp(`<option value="${grace.id}">Grace Hopper \\(${grace.email}\\)</option>`));
    expect(html).not.toMatch(new RegExp(`<option value="${viewer.id}"`));

    const bad = await post(editorCookie, `/docs/${doc.id}`, { intent: 'request-add', account: '', kind: 'review', role: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="request-account-error"');
    const badRole = await post(editorCookie, `/docs/${doc.id}`, {
      intent: 'request-add',
      account: grace.id,
      kind: 'review',
      role: 'Operations',
    });
    expect(badRole.status).toBe(400);
    // The choice comes back selected.
    expect(badRole.html).toMatch(new RegExp(`<option value="${grace.id}" selected="">`));

    const ok = await post(editorCookie, `/docs/${doc.id}`, { intent: 'request-add', account: grace.id, kind: 'review', role: '' });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('Asked Grace Hopper to review.');
    const graceCookie = await app.signIn(grace);
    expect(await page(graceCookie, '/assigned')).toContain('Asked from the page');
    const inbox = await page(graceCookie, '/inbox');
    expect(inbox).toContain('Asked to review');
    expect(inbox).toContain(`href="/docs/${doc.id}"`);

    html = await page(editorCookie, `/docs/${doc.id}`);
    const id = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const gone = await post(editorCookie, `/docs/${doc.id}`, { intent: 'request-cancel', request: id });
    expect(gone.html).toContain('Request withdrawn.');
    expect(await page(graceCookie, '/assigned')).not.toContain('Asked from the page');
    const again = await post(editorCookie, `/docs/${doc.id}`, { intent: 'request-cancel', request: id });
    expect(again.status).toBe(404);
  });
});
