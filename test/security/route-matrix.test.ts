// Every route file × anonymous, viewer, editor, admin. The URL of each route is derived from its
// file name, so a new route file that is missing from EXPECTED fails this suite, and one whose
// loader or action lacks the check fails its row.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, loadBuild, ORIGIN, type TestApp } from '../helpers/app';
import { ROUTES_DIR, routeFiles, urlPattern } from '../helpers/routes';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createReadingList } from '../../app/models/reading.server';
import type { Actor, Role } from '../../app/models/types';

type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', 'viewer', 'editor', 'admin'];
const RANK: Record<Who, number> = { anonymous: 0, viewer: 1, editor: 2, admin: 3 };

// 'feed' (in PageRule.get): a calendar feed, read with its secret key, never a session: 404 for everyone without one.
/** Which document or row a route's `$id` names; the default is a published document (every role may read it). */
type Subject = 'published' | 'draft' | 'actionItem' | 'checklist' | 'readingList';
type PageRule = {
  kind: 'page';
  /** Least role for GET, or 'public' (anyone), 'guest' (signed-out people; the signed-in are sent on), 'setup' (404 once an admin exists), 'redirect' (a GET just redirects). */
  get: Role | 'public' | 'guest' | 'setup' | 'redirect' | 'feed';
  /** Least role for the action (which must check the CSRF token), 'public' for the sign-in forms, or null when the route has no action. */
  post: Role | 'public' | 'setup' | null;
  subject?: Subject;
};
/** `signed`: an inbound hook, authenticated by its HMAC signature, never by a token: POST is 401 for every token, other methods 405. */
type ApiRule = {
  kind: 'api';
  methods: Partial<Record<'GET' | 'POST' | 'PATCH' | 'PUT', Role | 'public'>>;
  subject?: Subject;
  catchAll?: boolean;
  signed?: boolean;
};

const EXPECTED: Record<string, PageRule | ApiRule> = {
  '_index.tsx': { kind: 'page', get: 'viewer', post: null },
  'login.tsx': { kind: 'page', get: 'guest', post: 'public' },
  'logout.tsx': { kind: 'page', get: 'redirect', post: 'viewer' },
  'setup.tsx': { kind: 'page', get: 'setup', post: 'setup' },
  'account.password.tsx': { kind: 'page', get: 'viewer', post: 'viewer' },
  'account.notifications.tsx': { kind: 'page', get: 'viewer', post: 'viewer' },
  'docs._index.tsx': { kind: 'page', get: 'viewer', post: null },
  'docs.new.tsx': { kind: 'page', get: 'editor', post: 'editor' },
  // Viewers may post its proposal intents (test/http/template-proposals.test.ts); every other intent, as this probe, needs an editor.
  'docs.$id.tsx': { kind: 'page', get: 'viewer', post: 'editor' },
  'docs.$id_.edit.tsx': { kind: 'page', get: 'editor', post: 'editor', subject: 'draft' },
  'docs.$id_.history.tsx': { kind: 'page', get: 'viewer', post: 'editor' },
  'docs.$id_.meeting.tsx': { kind: 'page', get: 'viewer', post: 'editor' },
  'docs.$id[.pdf].ts': { kind: 'page', get: 'viewer', post: null },
  'docs.digest[.pdf].ts': { kind: 'page', get: 'viewer', post: null },
  'docs.$id[.md].ts': { kind: 'page', get: 'viewer', post: null },
  'docs.import.tsx': { kind: 'page', get: 'editor', post: 'editor' },
  'actions.tsx': { kind: 'page', get: 'viewer', post: 'editor' },
  'launches.tsx': { kind: 'page', get: 'viewer', post: null },
  'launches[.ics].ts': { kind: 'page', get: 'feed', post: null },
  'account.calendar.tsx': { kind: 'page', get: 'viewer', post: 'viewer' },
  'library.tsx': { kind: 'page', get: 'viewer', post: null },
  'insights.tsx': { kind: 'page', get: 'viewer', post: null },
  'admin._index.tsx': { kind: 'page', get: 'admin', post: 'admin' },
  'inbox.tsx': { kind: 'page', get: 'viewer', post: 'viewer' },
  'assigned.tsx': { kind: 'page', get: 'viewer', post: null },
  'reading._index.tsx': { kind: 'page', get: 'viewer', post: 'admin' },
  'reading.$id.tsx': { kind: 'page', get: 'viewer', post: 'admin', subject: 'readingList' },
  'docs.$id_.comments.tsx': { kind: 'page', get: 'viewer', post: 'viewer' },
  'docs.$id_.mentions.ts': { kind: 'page', get: 'viewer', post: null },
  'admin.users.tsx': { kind: 'page', get: 'admin', post: 'admin' },
  'admin.tokens.tsx': { kind: 'page', get: 'admin', post: 'admin' },
  'admin.factors.tsx': { kind: 'page', get: 'admin', post: 'admin' },
  'admin.audit.tsx': { kind: 'page', get: 'admin', post: null },
  'admin.overdue.tsx': { kind: 'page', get: 'admin', post: null },
  'admin.backup.ts': { kind: 'page', get: 'admin', post: null },
  'admin.templates.tsx': { kind: 'page', get: 'admin', post: 'admin' },
  'admin.proposals.tsx': { kind: 'page', get: 'admin', post: 'admin' },
  'api._index.tsx': { kind: 'page', get: 'public', post: null },
  'admin.hooks.tsx': { kind: 'page', get: 'admin', post: 'admin' },
  'admin.webhooks.tsx': { kind: 'page', get: 'admin', post: 'admin' },
  'api.v1.$.ts': { kind: 'api', methods: {}, catchAll: true },
  'api.v1.openapi[.json].ts': { kind: 'api', methods: { GET: 'public' } },
  'api.v1.templates.ts': { kind: 'api', methods: { GET: 'viewer' } },
  'api.v1.factor-categories.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'admin' } },
  'api.v1.documents.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'editor' } },
  'api.v1.documents.$id.ts': { kind: 'api', methods: { GET: 'viewer', PATCH: 'editor' } },
  'api.v1.documents.$id.transitions.ts': { kind: 'api', methods: { POST: 'editor' } },
  'api.v1.documents.$id.revisions.ts': { kind: 'api', methods: { GET: 'viewer' } },
  'api.v1.documents.$id.pdf.ts': { kind: 'api', methods: { GET: 'viewer' } },
  'api.v1.documents.$id.markdown.ts': { kind: 'api', methods: { GET: 'viewer' } },
  'api.v1.documents.import.ts': { kind: 'api', methods: { POST: 'editor' } },
  'api.v1.documents.$id.action-items.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'editor' }, subject: 'draft' },
  'api.v1.documents.$id.links.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'editor' } },
  'api.v1.documents.$id.waivers.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'editor', PATCH: 'editor' }, subject: 'checklist' },
  'api.v1.documents.$id.meetings.ts': { kind: 'api', methods: { GET: 'viewer' } },
  'api.v1.documents.$id.proposals.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'viewer' } },
  'api.v1.template-proposals.ts': { kind: 'api', methods: { GET: 'admin' } },
  'api.v1.template-proposals.$id.ts': { kind: 'api', methods: { PATCH: 'admin' } },
  'api.v1.documents.$id.outcome.ts': { kind: 'api', methods: { GET: 'viewer', PUT: 'editor' }, subject: 'checklist' },
  'api.v1.documents.$id.signoffs.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'editor' }, subject: 'checklist' },
  'api.v1.action-items.ts': { kind: 'api', methods: { GET: 'viewer' } },
  'api.v1.documents.$id.comments.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'viewer' } },
  'api.v1.documents.$id.similar.ts': { kind: 'api', methods: { GET: 'viewer' } },
  'api.v1.comments.$id.ts': { kind: 'api', methods: { PATCH: 'viewer' } },
  'api.v1.notifications.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'viewer' } },
  'api.v1.assignments.ts': { kind: 'api', methods: { GET: 'viewer' } },
  'api.v1.notification-preferences.ts': { kind: 'api', methods: { GET: 'viewer', PUT: 'viewer' } },
  'api.v1.documents.$id.requests.ts': { kind: 'api', methods: { GET: 'viewer', POST: 'editor' } },
  // DELETE only (the matrix probes GET, POST, PATCH, PUT: each is a 405); its roles are in test/http/assignments.test.ts.
  'api.v1.documents.$id.requests.$requestId.ts': { kind: 'api', methods: {} },
  'api.v1.action-items.$id.ts': { kind: 'api', methods: { PATCH: 'editor' }, subject: 'actionItem' },
  'api.v1.hooks.incidents.ts': { kind: 'api', methods: {}, signed: true },
  'api.v1.hooks.trackers.ts': { kind: 'api', methods: {}, signed: true },
};

it('derives URL patterns from route file names', () => {
  expect(urlPattern('_index.tsx')).toBe('/');
  expect(urlPattern('docs._index.tsx')).toBe('/docs');
  expect(urlPattern('docs.$id_.edit.tsx')).toBe('/docs/:id/edit');
  expect(urlPattern('docs.$id[.pdf].ts')).toBe('/docs/:id.pdf');
  expect(urlPattern('api.v1.$.ts')).toBe('/api/v1/*');
  expect(urlPattern('api.v1.documents.$id.action-items.ts')).toBe('/api/v1/documents/:id/action-items');
});

it('has an expectation for every route file, and no stale ones', () => {
  const files = routeFiles();
  expect(
    files.filter((f) => !(f in EXPECTED)),
    'route files missing from EXPECTED in test/security/route-matrix.test.ts',
  ).toEqual([]);
  expect(
    Object.keys(EXPECTED).filter((f) => !files.includes(f)),
    'EXPECTED names files that no longer exist',
  ).toEqual([]);
});

describeEachBackend('route × role matrix', (db) => {
  let app: TestApp;
  const actors = {} as Record<Role, Actor>;
  const tokens = {} as Record<Role, string>;
  const ids = {} as Record<Subject, string>;
  let routeIds: Map<string, { loader: boolean; action: boolean }>;

  beforeAll(async () => {
    app = await createTestApp(db());
    for (const r of ['viewer', 'editor', 'admin'] as Role[]) {
      actors[r] = await createTestActor(db(), r);
      tokens[r] = await app.token(actors[r]);
    }
    const pub = await createDocument(db(), { actor: actors.editor, input: rcaInput({ title: 'Matrix published' }) });
    const r1 = await transitionDocument(db(), { actor: actors.editor, id: pub.id, input: { to: 'in_review', version: pub.version } });
    await transitionDocument(db(), { actor: actors.admin, id: pub.id, input: { to: 'published', version: r1.version } });
    const draft = await createDocument(db(), { actor: actors.editor, input: rcaInput({ title: 'Matrix draft' }) });
    ids.published = pub.id;
    ids.draft = draft.id;
    ids.actionItem = draft.actionItems[0].id;
    ids.checklist = (await createDocument(db(), { actor: actors.editor, input: { template: 'etsy-go-no-go', title: 'Matrix launch' } })).id;
    ids.readingList = (await createReadingList(db(), { actor: actors.admin, input: { title: 'Matrix reading' } })).id;
    const build = await loadBuild();
    routeIds = new Map(Object.entries(build.routes).map(([id, r]) => [id, { loader: !!r.module.loader, action: !!r.module.action }]));
  });

  const urlFor = (file: string, rule: PageRule | ApiRule) =>
    urlPattern(file)
      .replace(':id', ids[rule.subject ?? 'published'])
      .replace('*', 'no-such-endpoint');
  const cookies = async (who: Who) => (who === 'anonymous' ? null : app.signIn(actors[who]));

  for (const file of Object.keys(EXPECTED)) {
    const rule = EXPECTED[file];
    it(`${file}: ${
      rule.kind === 'page'
        ? `GET ${rule.get}, POST ${rule.post ?? 'none'}`
        : rule.catchAll
          ? '404 for everyone'
          : rule.signed
            ? 'POST signed by a hook secret only'
            : Object.entries(rule.methods)
                .map(([m, r]) => `${m} ${r}`)
                .join(', ')
    }`, async () => {
      if (!fs.existsSync(path.join(ROUTES_DIR, file))) return; // reported by the completeness test
      const url = urlFor(file, rule);
      const mod = routeIds.get(`routes/${file.replace(/\.(tsx?|jsx?)$/, '')}`);
      expect(mod, `routes/${file} in the build (is the build current?)`).toBeDefined();
      const failures: string[] = [];
      const check = (ok: boolean, what: string) => {
        if (!ok) failures.push(what);
      };

      if (rule.kind === 'api') {
        const allMethods = ['GET', 'POST', 'PATCH', 'PUT'] as const;
        for (const who of WHO) {
          for (const method of allMethods) {
            const min = rule.methods[method];
            const headers: Record<string, string> = { 'Content-Type': 'application/json' };
            if (who !== 'anonymous') headers.Authorization = `Bearer ${tokens[who]}`;
            const res = await app.fetch(url, { method, headers, body: method === 'GET' ? undefined : '{}' });
            const s = res.status;
            const label = `${method} ${url} as ${who} → ${s}`;
            check(s < 500, `${label} (5xx)`);
            if (rule.catchAll) check(s === 404, `${label}, want 404`);
            else if (rule.signed)
              check(method === 'POST' ? s === 401 : s === 405, `${label}, want ${method === 'POST' ? '401 (unsigned)' : '405'}`);
            else if (!min) check(s === 405 || (who === 'anonymous' && s === 401), `${label}, want 405 (method not offered)`);
            else if (min === 'public') check(s === 200, `${label}, want 200 (public)`);
            else if (who === 'anonymous') check(s === 401, `${label}, want 401`);
            else if (RANK[who] < RANK[min]) check(s === 403, `${label}, want 403`);
            else check(s !== 401 && s !== 403, `${label}, want allowed`);
            if (s >= 400) {
              const body = await res.json().catch(() => null);
              check(!!body?.error?.code && !!body?.error?.message, `${label}: error body not in the {"error":{code,message}} shape`);
            }
          }
        }
      } else {
        // GET
        for (const who of WHO) {
          const cookie = await cookies(who);
          const res = await app.fetch(url, { headers: cookie ? { Cookie: cookie } : {} });
          const s = res.status;
          const loc = res.headers.get('location') ?? '';
          const label = `GET ${url} as ${who} → ${s} ${loc}`;
          check(s < 500, `${label} (5xx)`);
          if (rule.get === 'public') check(s === 200, `${label}, want 200`);
          else if (rule.get === 'guest')
            check(
              who === 'anonymous' ? s === 200 : s === 302 && !loc.startsWith('/login'),
              `${label}, want 200 signed out, a redirect away when signed in`,
            );
          else if (rule.get === 'setup') check(s === 404, `${label}, want 404 (an admin exists)`);
          else if (rule.get === 'feed') check(s === 404, `${label}, want 404 (no feed key)`);
          else if (rule.get === 'redirect') check(s === 302, `${label}, want 302`);
          else if (who === 'anonymous') check(s === 302 && loc.startsWith('/login?next='), `${label}, want a redirect to sign in`);
          else if (RANK[who] < RANK[rule.get]) check(s === 403, `${label}, want 403`);
          else check(s === 200, `${label}, want 200`);
          await res.arrayBuffer();
        }
        // POST
        check(
          mod!.action === (rule.post !== null),
          `${file}: action ${mod!.action ? 'exported' : 'missing'}, EXPECTED says post: ${rule.post}`,
        );
        if (rule.post && mod!.action) {
          for (const who of WHO) {
            const cookie = await cookies(who);
            const csrf = cookie ? await app.csrf(cookie) : '';
            const send = (fields: Record<string, string>) =>
              app.fetch(url, {
                method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}) },
                body: new URLSearchParams(fields),
              });
            // Without the token first (the probe with it may end the session, as /logout does).
            const allowed = rule.post !== 'public' && rule.post !== 'setup' && who !== 'anonymous' && RANK[who] >= RANK[rule.post];
            const noCsrf = allowed ? await send({ intent: '__matrix_probe__' }) : null;
            const res = await send({ csrf, intent: '__matrix_probe__' });
            const s = res.status;
            const loc = res.headers.get('location') ?? '';
            const label = `POST ${url} as ${who} → ${s} ${loc}`;
            check(s < 500, `${label} (5xx)`);
            if (rule.post === 'public') check(s !== 403 && s !== 401, `${label}, want allowed`);
            else if (rule.post === 'setup') check(s === 404, `${label}, want 404 (an admin exists)`);
            else if (who === 'anonymous') check(s === 302 && loc.startsWith('/login?next='), `${label}, want a redirect to sign in`);
            else if (RANK[who] < RANK[rule.post]) check(s === 403, `${label}, want 403`);
            else {
              check(s !== 401 && s !== 403 && !loc.startsWith('/login?next='), `${label}, want allowed`);
              check(noCsrf!.status === 403, `POST ${url} as ${who} without the CSRF token → ${noCsrf!.status}, want 403`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
