// Forms and error pages through the real Remix build, read as a DOM (node-html-parser):
// - every action answers a form it cannot read (an unknown intent, a malformed hidden field) with
//   400, and the page names the field;
// - 404 and 403 are shown by the route's ErrorBoundary inside the layout (skip link, header and
//   navigation, main), with advice on what to do next.
import { beforeAll, expect, it } from 'vitest';
import { parse, type HTMLElement } from 'node-html-parser';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createDocument } from '../../app/models/document.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('forms and error pages', (db) => {
  let app: TestApp;
  let editor: Actor;
  let viewer: Actor;
  let docId: string;
  const sessions = new Map<string, { cookie: string; csrf: string }>();

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor', { name: 'Eda Editor' });
    viewer = await createTestActor(db(), 'viewer', { name: 'Vic Viewer' });
    docId = (await createDocument(db(), { actor: editor, input: rcaInput({ title: 'A draft for the form tests' }) })).id;
  });

  async function session(actor: Actor) {
    let s = sessions.get(actor.id);
    if (!s) {
      const cookie = await app.signIn(actor);
      s = { cookie, csrf: await app.csrf(cookie) };
      sessions.set(actor.id, s);
    }
    return s;
  }
  async function get(path: string, actor?: Actor) {
    const res = await app.fetch(path, { headers: actor ? { Cookie: (await session(actor)).cookie } : {} });
    return { status: res.status, dom: parse(await res.text()) };
  }
  async function post(path: string, body: Record<string, string>, actor?: Actor) {
    const s = actor ? await session(actor) : null;
    const res = await app.fetch(path, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...(s ? { Cookie: s.cookie } : {}) },
      body: new URLSearchParams({ ...(s ? { csrf: s.csrf } : {}), ...body }),
    });
    return { status: res.status, dom: parse(await res.text()) };
  }
  const text = (el: HTMLElement | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

  /** The layout every page keeps, error pages included. */
  function expectLayout(dom: HTMLElement) {
    const skip = dom.querySelector('a.skip-link');
    expect(skip?.getAttribute('href')).toBe('#main');
    expect(dom.querySelector('header.site-header a.brand')).not.toBeNull();
    expect(dom.querySelector('main#main')).not.toBeNull();
  }
  /** A 400 page from an action: the error boundary names the field in its list of problems. */
  function expectFieldNamed(dom: HTMLElement, field: string) {
    expectLayout(dom);
    const boundary = dom.querySelector('main section.route-error');
    expect(boundary?.getAttribute('data-status')).toBe('400');
    expect(text(boundary?.querySelector('h1') ?? null)).toBe('Not a valid request');
    const problems = boundary!
      .querySelectorAll('[role=alert] ul li')
      .map((li) => ({ field: text(li.querySelector('code')), message: text(li) }));
    expect(problems.map((p) => p.field)).toContain(field);
    expect(text(boundary!.querySelector('[role=alert]'))).toMatch(/Reload the page/);
    return problems;
  }

  it('setup (before any admin exists) and sign-in answer an unknown intent with 400 naming it', async () => {
    const setup = await post('/setup', {
      intent: 'drop-tables',
      email: 'a@example.test',
      password: 'long enough pw',
      confirm: 'long enough pw',
    });
    expect(setup.status).toBe(400);
    const problems = expectFieldNamed(setup.dom, 'intent');
    expect(problems.find((p) => p.field === 'intent')?.message).toContain('"create-admin"');
    const login = await post('/login', { intent: 'sign-up', email: editor.email, password: 'x' });
    expect(login.status).toBe(400);
    expectFieldNamed(login.dom, 'intent');
  });

  it('every action of the document pages answers a malformed form with 400 naming the field', async () => {
    const cases: [string, Record<string, string>, string][] = [
      [`/docs/${docId}`, { intent: 'delete-everything' }, 'intent'],
      [`/docs/${docId}`, { intent: 'transition', to: 'in_review', version: 'latest' }, 'version'],
      [`/docs/${docId}`, { intent: 'action-status', status: 'done', itemVersion: '1' }, 'id'],
      [`/docs/${docId}/edit`, { intent: 'publish-now', version: '1' }, 'intent'],
      [`/docs/${docId}/edit`, { intent: 'save', version: 'one', title: 'x' }, 'version'],
      [`/docs/${docId}/history`, { intent: 'rewind' }, 'intent'],
      [`/docs/${docId}/history`, { intent: 'restore', revision: 'first', version: '1' }, 'revision'],
      ['/docs/new', { intent: 'clone', template: 'blameless-rca', title: 'x' }, 'intent'],
      ['/actions', { intent: 'purge' }, 'intent'],
      ['/actions', { intent: 'status', id: 'x', status: 'done' }, 'version'],
    ];
    for (const [path, body, field] of cases) {
      const r = await post(path, body, editor);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expectFieldNamed(r.dom, field);
    }
  });

  it('account, sign-out and the admin actions answer a malformed form with 400 naming the field', async () => {
    const admin = await createTestActor(db(), 'admin', { name: 'Ada Admin' });
    const cases: [string, Record<string, string>, string, Actor][] = [
      ['/account/password', { intent: 'reset-all' }, 'intent', viewer],
      ['/admin/users', { intent: 'promote-me' }, 'intent', admin],
      ['/admin/users', { intent: 'role', role: 'admin' }, 'id', admin],
      ['/admin/tokens', { intent: 'leak' }, 'intent', admin],
      ['/admin/tokens', { intent: 'revoke' }, 'id', admin],
      ['/admin/templates', { intent: 'delete', definition: '{}' }, 'intent', admin],
    ];
    for (const [path, body, field, actor] of cases) {
      const r = await post(path, body, actor);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expectFieldNamed(r.dom, field);
    }
    // Sign-out is a resource route (no page of its own): its 400 is the error shape, naming the field.
    const s = await session(viewer);
    const out = await app.fetch('/logout', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.cookie },
      body: new URLSearchParams({ csrf: s.csrf, intent: 'sign-everyone-out' }),
    });
    expect(out.status).toBe(400);
    const body = await out.json();
    expect(body.error.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(['intent']);
    expect(out.headers.get('set-cookie')).toBeNull();
    // The forms as the pages send them still work: the intent union is not stricter than the pages.
    const added = await post(
      '/admin/users',
      { intent: 'add', email: 'new-viewer@example.test', name: 'New', role: 'viewer', password: '' },
      admin,
    );
    expect(added.status).toBe(200);
    expect(text(added.dom.querySelector('main [role=status]'))).toContain('Added new-viewer@example.test as viewer');
  });

  it('a document that does not exist, or that a viewer may not read, is a 404 inside the layout that points to the library', async () => {
    for (const [path, actor] of [
      ['/docs/00000000-0000-4000-8000-000000000000', editor],
      [`/docs/${docId}`, viewer],
      ['/docs/00000000-0000-4000-8000-000000000000/history', editor],
      ['/docs/00000000-0000-4000-8000-000000000000/edit', editor],
    ] as const) {
      const { status, dom } = await get(path, actor);
      expect(status, path).toBe(404);
      expectLayout(dom);
      expect(dom.querySelector('nav[aria-label=Main]'), path).not.toBeNull();
      expect(text(dom.querySelector('title'))).toBe('Error 404 · Kaizen');
      const boundary = dom.querySelector('main section.route-error');
      expect(text(boundary?.querySelector('h1') ?? null)).toBe('Not found');
      expect(text(boundary?.querySelector('[role=alert]') ?? null)).toContain('No such document');
      expect(boundary?.querySelectorAll('a').map((a) => a.getAttribute('href'))).toContain('/library');
    }
  });

  it('an unknown address is a 404 inside the layout that points home', async () => {
    // No route matched, so no loader ran (not even the root's): the header has the brand but not the signed-in navigation.
    const { status, dom } = await get('/no/such/page', editor);
    expect(status).toBe(404);
    expectLayout(dom);
    const boundary = dom.querySelector('main section.route-error');
    expect(text(boundary?.querySelector('h1') ?? null)).toBe('Not found');
    expect(boundary?.querySelectorAll('a').map((a) => a.getAttribute('href'))).toContain('/');
  });

  it('a page above the reader’s role is a 403 inside the layout that says why and what to do', async () => {
    for (const path of ['/docs/new', '/admin', '/admin/users', `/docs/${docId}/edit`]) {
      const { status, dom } = await get(path, viewer);
      expect(status, path).toBe(403);
      expectLayout(dom);
      expect(dom.querySelector('nav[aria-label=Main]'), path).not.toBeNull();
      expect(text(dom.querySelector('title'))).toBe('Error 403 · Kaizen');
      const boundary = dom.querySelector('main section.route-error');
      expect(text(boundary?.querySelector('h1') ?? null)).toBe('Not allowed');
      const alert = text(boundary?.querySelector('[role=alert]') ?? null);
      expect(alert).toContain('you are signed in as viewer');
      expect(alert).toContain('Ask an admin');
    }
  });
});
