// Issue 9: text PostgreSQL cannot store (NUL, lone surrogates) reached the database and answered
// 500. Every entry point now refuses it with a 400 that names the field, and stores nothing.
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { postForm } from './helpers';
import { createDocument } from '../../app/models/document.server';
import type { Actor } from '../../app/models/types';

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';

describeEachBackend('one boundary for text', (db) => {
  let app: TestApp;
  let editor: Actor;
  let token: string;
  let adminCookie: string;
  let adminCsrf: string;
  let editorCookie: string;
  let editorCsrf: string;
  let rcaId: string;
  let rcaVersion: number;
  let checklistId: string;
  let checklistVersion: number;

  /** A JSON body as raw text, so a lone surrogate is sent as the escape `\ud800` (JSON.stringify keeps it so). */
  const send = (method: string, path: string, body: unknown) =>
    app.fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const expect400 = async (res: Response, field: string) => {
    const text = await res.text();
    expect(res.status, text).toBe(400);
    const body = JSON.parse(text);
    const paths = (body.error.issues ?? []).map((i: { path: (string | number)[] }) => i.path.join('.'));
    expect(
      paths.some((p: string) => p === field || p.startsWith(`${field}.`)),
      `${field} in ${JSON.stringify(paths)}`,
    ).toBe(true);
    expect(JSON.stringify(body.error.issues)).toMatch(/NUL|surrogate/);
  };

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    const admin = await createTestActor(db(), 'admin');
    token = await app.token(editor);
    adminCookie = await app.signIn(admin);
    adminCsrf = await app.csrf(adminCookie);
    editorCookie = await app.signIn(editor);
    editorCsrf = await app.csrf(editorCookie);
    const rca = await createDocument(db(), { actor: editor, input: rcaInput() });
    rcaId = rca.id;
    rcaVersion = rca.version;
    const cl = await createDocument(db(), { actor: editor, input: { template: 'etsy-go-no-go', title: 'Launch' } });
    checklistId = cl.id;
    checklistVersion = cl.version;
  });

  for (const [label, bad] of [
    ['NUL', NUL],
    ['a lone surrogate', LONE],
  ] as const) {
    it(`refuses ${label} in every JSON field with 400 naming it`, async () => {
      await expect400(await send('POST', '/api/v1/documents', rcaInput({ title: bad })), 'title');
      await expect400(await send('POST', '/api/v1/documents', rcaInput({ service: bad })), 'service');
      await expect400(await send('POST', '/api/v1/documents', rcaInput({ tags: [bad] })), 'tags');
      await expect400(await send('POST', '/api/v1/documents', { ...rcaInput(), template: bad }), 'template');
      await expect400(await send('POST', '/api/v1/documents', rcaInput({ fields: { environment: bad } })), 'fields.environment');
      await expect400(await send('POST', '/api/v1/documents', rcaInput({ fields: { team: ['Ada', bad] } })), 'fields.team');
      await expect400(
        await send('POST', '/api/v1/documents', rcaInput({ fields: { timeline: [{ at: '2016-06-15T22:04:00Z', text: bad }] } })),
        'fields.timeline',
      );
      await expect400(
        await send('POST', '/api/v1/documents', rcaInput({ fields: { nextSteps: [{ title: bad, owner: 'Ada' }] } })),
        'fields.nextSteps',
      );
      await expect400(
        await send('POST', '/api/v1/documents', rcaInput({ fields: { nextSteps: [{ title: 'Fix', owner: bad }] } })),
        'fields.nextSteps',
      );
      // Rich text: as a JSON object, and as a JSON string (where NUL travels as the escape \u0000).
      const rt = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: bad }] }] };
      await expect400(
        await send('PATCH', `/api/v1/documents/${rcaId}`, { version: rcaVersion, fields: { rootCause: rt } }),
        'fields.rootCause',
      );
      await expect400(
        await send('PATCH', `/api/v1/documents/${rcaId}`, { version: rcaVersion, fields: { rootCause: JSON.stringify(rt) } }),
        'fields.rootCause',
      );
      await expect400(
        await send('PATCH', `/api/v1/documents/${rcaId}`, { version: rcaVersion, fields: { symptoms: `# Heading\n\n${bad}` } }),
        'fields.symptoms',
      );
      await expect400(await send('POST', `/api/v1/documents/${rcaId}/action-items`, { title: bad, owner: 'Ada' }), 'title');
      await expect400(await send('POST', `/api/v1/documents/${rcaId}/action-items`, { title: 'Fix it', owner: bad }), 'owner');
      await expect400(
        await send('PATCH', `/api/v1/documents/${checklistId}`, {
          version: checklistVersion,
          fields: { checks: { monitoring: { answer: 'yes', note: bad } } },
        }),
        'fields.checks',
      );
      await expect400(
        await send('POST', `/api/v1/documents/${checklistId}/signoffs`, { role: 'Operations', decision: 'go', comment: bad }),
        'comment',
      );
      await expect400(await send('POST', `/api/v1/documents/${checklistId}/signoffs`, { role: bad, decision: 'go' }), 'role');
      // Nothing was stored: the document is unchanged.
      const doc = await (await app.fetch(`/api/v1/documents/${rcaId}`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(doc.version).toBe(rcaVersion);
    });
  }

  it('refuses NUL in form fields with 400 naming the field (pages)', async () => {
    const cases: [string, string, Record<string, string>, string][] = [
      ['/admin/tokens', adminCookie, { csrf: adminCsrf, intent: 'create', email: editor.email, name: NUL }, 'name'],
      [
        '/admin/users',
        adminCookie,
        { csrf: adminCsrf, intent: 'add', email: 'new@example.test', name: NUL, role: 'viewer', password: '' },
        'name',
      ],
      [
        '/admin/users',
        adminCookie,
        { csrf: adminCsrf, intent: 'add', email: `x${NUL}@example.test`, name: 'X', role: 'viewer', password: '' },
        'email',
      ],
      ['/docs/new', editorCookie, { csrf: editorCsrf, template: 'blameless-rca', title: NUL, severity: '', service: '' }, 'title'],
      [
        `/docs/${checklistId}`,
        editorCookie,
        { csrf: editorCsrf, intent: 'signoff', role: 'Operations', decision: 'go', comment: NUL },
        'comment',
      ],
      [
        '/admin/templates',
        adminCookie,
        {
          csrf: adminCsrf,
          intent: 'create',
          definition: JSON.stringify({
            key: 'nul-review',
            version: 1,
            kind: 'rca',
            title: `Mini ${NUL}`,
            sections: [{ key: 'main', title: 'Main', fields: [{ key: 'summary', type: 'text', label: 'Summary', help: NUL }] }],
          }),
        },
        'definition',
      ],
    ];
    for (const [path, cookie, fields, field] of cases) {
      const res = await postForm(app, path, cookie, fields);
      const html = await res.text();
      expect(res.status, `${path} ${field}: ${html.slice(0, 300)}`).toBe(400);
      expect(html, `${path} names the problem`).toMatch(/NUL character/);
      void field;
    }
  });

  it('refuses NUL in the sign-in email with 400, and counts nothing', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await app.fetch('/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
        body: new URLSearchParams({ email: `ada${NUL}@example.test`, password: 'whatever it is', next: '/' }),
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/Email: remove the NUL character/);
    }
  });

  it('sends ?next= only to same-origin paths after sign-in (open redirect)', async () => {
    const actor = await createTestActor(db(), 'viewer');
    for (const next of [
      '/\t/evil.example/a',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\r\n/evil.example',
      '/\u0000/x',
      '/.//evil.example',
    ]) {
      const res = await app.fetch('/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'X-Forwarded-For': '203.0.113.90' },
        body: new URLSearchParams({ email: actor.email, password: 'correct horse battery', next }),
      });
      expect(res.status, JSON.stringify(next)).toBe(302);
      expect(res.headers.get('location'), JSON.stringify(next)).toBe('/');
      // Signed in already: the loader redirects with the query's next.
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      const again = await app.fetch(`/login?next=${encodeURIComponent(next)}`, { headers: { Cookie: cookie } });
      expect(again.status).toBe(302);
      expect(again.headers.get('location'), JSON.stringify(next)).toBe('/');
    }
    const page = await (await app.fetch('/login?next=/%09/evil.example/a')).text();
    expect(page).toContain('name="next" value="/"');
    const ok = await app.fetch('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'X-Forwarded-For': '203.0.113.91' },
      body: new URLSearchParams({ email: actor.email, password: 'correct horse battery', next: '/docs?status=draft' }),
    });
    expect(ok.headers.get('location')).toBe('/docs?status=draft');
  });
});
