// Issue 9 §6: a property-based fuzz suite against a real `node server.mjs`, on the embedded
// database and on a PostgreSQL server (TEST_DATABASE_URL). At least 10,000 generated requests
// per database per run, across every route file of app/routes (derived from the file names, so a
// new route is fuzzed without anyone adding it): API and form actions with a valid session and
// CSRF token where needed, bodies, query strings, path parameters and headers, with NULs, lone
// surrogates, huge and deeply nested values. Fails on any 5xx, any API error that is not the
// JSON error shape, any answer slower than 2 s, or a server that stops answering /healthz.
//
// FUZZ_RUNS (batches, 8 requests each; default 1,250 = 10,000 requests) and FC_SEED tune a run;
// FUZZ_EXCLUDE and FUZZ_ENTRY_CASES=0 narrow it by hand (see below).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client';
import { openTestDatabase, testBackends, type BackendName } from '../helpers/db';
import { createTestActor, rcaInput, TEST_PASSWORD } from '../helpers/factories';
import { routeFiles, urlPattern, ROUTES_DIR } from '../helpers/routes';
import { startServer, type RunningServer } from '../e2e/helpers';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createApiToken } from '../../app/models/user.server';
import { BUILT_IN_TEMPLATES, templateFields } from '../../templates';

const BATCH = 8;
/**
 * Requests whose handling belongs to the server entry (server.mjs), not to a route: malformed
 * X-Forwarded-Proto/-Host headers and paths with malformed percent-encoding (`%ZZ`, invalid UTF-8).
 * On by default; FUZZ_ENTRY_CASES=0 leaves them out to look at the routes alone.
 */
const ENTRY_CASES = process.env.FUZZ_ENTRY_CASES !== '0';
const RUNS = Number(process.env.FUZZ_RUNS ?? 1250);
const MAX_MS = 2000;

type Req = { method: string; path: string; headers: Record<string, string>; body?: Buffer };
type Res = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; ms: number };

// A new connection per request: a reset on a reused keep-alive socket would say nothing about the request.
const agent = new http.Agent({ keepAlive: false, maxSockets: BATCH });

/** One request over a raw socket (node:http), so paths and headers go out exactly as generated. */
function send(base: URL, r: Req, timeoutMs = 15_000): Promise<Res> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: base.hostname, port: base.port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }),
      );
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

// ---------- what the routes are: derived from app/routes ----------

type Route = { file: string; pattern: string; api: boolean; formFields: string[]; intents: string[] };

/** Every route file, with the form field names and intents its source (and its components) mention. */
function routes(): Route[] {
  const components = fs
    .readdirSync(path.resolve('app/components'))
    .map((f) => fs.readFileSync(path.resolve('app/components', f), 'utf8'))
    .join('\n');
  const templateKeys = BUILT_IN_TEMPLATES.flatMap((t) =>
    templateFields(t).flatMap((f) => [
      `f.${f.key}`,
      ...(f.type === 'checklist' ? f.items.flatMap((i) => [`f.${f.key}.${i.key}.answer`, `f.${f.key}.${i.key}.note`]) : []),
      ...(f.type === 'actions'
        ? ['title', 'kind', 'owner', 'dueDate', 'status', 'url', 'id', 'remove'].map((k) => `f.${f.key}.0.${k}`)
        : []),
    ]),
  );
  return routeFiles().map((file) => {
    const src = fs.readFileSync(path.join(ROUTES_DIR, file), 'utf8');
    const names = new Set<string>();
    for (const m of `${src}\n${components}`.matchAll(/name="([\w.[\]-]+)"|form\.get(?:All)?\('([\w.-]+)'\)/g)) names.add(m[1] ?? m[2]);
    const intents = new Set<string>();
    for (const m of src.matchAll(/intent(?:'\))?\s*[!=]==\s*'([\w-]+)'|name="intent" value="([\w-]+)"/g)) intents.add(m[1] ?? m[2]);
    const pattern = urlPattern(file);
    return { file, pattern, api: pattern.startsWith('/api/'), formFields: [...names, ...templateKeys], intents: [...intents] };
  });
}

// ---------- generators ----------

const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Percent-encode like encodeURIComponent, but a lone surrogate goes out as its (invalid) 3-byte UTF-8 form, as a hostile client may send it. */
function enc(s: string): string {
  return s.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[^\uD800-\uDFFF]+|[\uD800-\uDBFF][\uDC00-\uDFFF]/g,
    (part) => {
      if (part.length === 1 && part.charCodeAt(0) >= 0xd800 && part.charCodeAt(0) <= 0xdfff) {
        const u = part.charCodeAt(0);
        return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 63), 0x80 | (u & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
      return encodeURIComponent(part);
    },
  );
}

const NASTY = [
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '👩🏽‍💻',
  '\u202E',
  '\uFEFF',
  '\r\n',
  '%00',
  '%',
  '%ZZ',
  '..',
  '../../etc/passwd',
  "'; drop table documents; --",
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '2026-01-01T00:00:00Z',
  '2016-13-45',
  'garbage',
  '-1',
  '0',
  '1e308',
  'NaN',
  'true',
  'null',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
];
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'é\u0000x'.repeat(Math.ceil(n / 3)).slice(0, n)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
);
/** A JSON value nested `depth` levels deep (arrays or objects), as text. */
const deep = fc
  .record({ depth: fc.integer({ min: 50, max: 20_000 }), obj: fc.boolean() })
  .map(({ depth, obj }) => (obj ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth)));

type Ctx = {
  origin: string;
  ids: Record<'draft' | 'published' | 'checklist' | 'actionItem' | 'viewer', string>;
  tokens: Record<'viewer' | 'editor' | 'admin', string>;
  sessions: Record<'viewer' | 'editor' | 'admin', { cookie: string; csrf: string }>;
};

const keysForBody = [
  'template',
  'title',
  'fields',
  'tags',
  'severity',
  'service',
  'version',
  'to',
  'role',
  'decision',
  'comment',
  'status',
  'owner',
  'dueDate',
  'kind',
  'url',
  'id',
  'revision',
  'from',
];
const jsonLeaf = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const jsonBody = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .dictionary(fc.constantFrom(...keysForBody), fc.oneof(jsonLeaf, fc.jsonValue({ maxDepth: 3 }), fc.array(jsonLeaf, { maxLength: 5 })))
      .map((o) => JSON.stringify(o)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('blameless-rca', 'etsy-go-no-go').chain((t) =>
      fc
        .record({
          title: text,
          fields: fc.dictionary(
            fc.constantFrom(...templateFields(BUILT_IN_TEMPLATES.find((x) => x.key === t)!).map((f) => f.key)),
            fc.oneof(
              jsonLeaf,
              fc.jsonValue({ maxDepth: 4 }),
              fc.array(fc.record({ at: text, text, title: text, owner: text }), { maxLength: 3 }),
            ),
          ),
        })
        .map((r) => JSON.stringify({ template: t, ...r, version: 1 })),
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) }, // not JSON at all
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v).slice(0, -1)) }, // cut short
);

function arbRequest(route: Route, ctx: Ctx): fc.Arbitrary<Req> {
  const idFor = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(ctx.ids.draft, ctx.ids.published, ctx.ids.checklist, ctx.ids.actionItem) },
    {
      weight: 3,
      arbitrary: text.map((s) =>
        ENTRY_CASES ? enc(s.slice(0, 300)).replace(/%25ZZ/g, '%ZZ') : encodeURIComponent(wellFormed(s.slice(0, 300))),
      ),
    },
  );
  const pathArb = fc
    .tuple(
      idFor,
      fc.array(
        text.map((s) => (ENTRY_CASES ? enc(s.slice(0, 50)) : encodeURIComponent(wellFormed(s.slice(0, 50))))),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([id, rest]) => route.pattern.replace(/:[A-Za-z]+/g, id).replace('*', rest.join('/')));
  const queryKeys = [
    'q',
    'kind',
    'template',
    'status',
    'severity',
    'service',
    'tag',
    'from',
    'to',
    'limit',
    'cursor',
    'owner',
    'overdue',
    'page',
    'ids',
    'next',
    'months',
    'action',
    'actor',
    'missing',
    'saved',
    'warnings',
    'restored',
    'as',
    'changed',
  ];
  // Values are capped so the whole head stays under Node's 16 KB limit (past it Node itself answers 431 with no body).
  const query = fc
    .dictionary(
      fc.oneof(
        fc.constantFrom(...queryKeys),
        text.map((s) => s.slice(0, 100)),
      ),
      fc.oneof(
        text.map((s) => s.slice(0, 1500)),
        fc.constantFrom(ctx.ids.published, `${ctx.ids.published},${ctx.ids.draft}`),
      ),
      { maxKeys: 4 },
    )
    .map((q) => {
      const s = Object.entries(q)
        .map(([k, v]) => `${enc(k)}=${enc(v).replace(/%25(ZZ|00)/g, '%$1')}`)
        .join('&');
      return s ? `?${s}` : '';
    });
  const who = fc.constantFrom('anonymous', 'viewer', 'editor', 'admin', 'admin', 'editor');
  const method = route.api
    ? fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PATCH', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS')
    : fc.constantFrom('GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT');
  const formBody = fc
    .tuple(
      fc.dictionary(
        fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...route.formFields) }, { weight: 1, arbitrary: text }),
        fc.oneof(
          text,
          fc.constantFrom(
            ctx.ids.draft,
            ctx.ids.published,
            ctx.ids.viewer,
            '1',
            '2',
            'go',
            'yes',
            'published',
            'in_review',
            'done',
            'admin',
          ),
        ),
        { maxKeys: 8 },
      ),
      fc.constantFrom(...(route.intents.length ? route.intents : ['none']), 'bogus'),
      fc.boolean(),
    )
    .map(([fields, intent, withIntent]) => ({ ...(withIntent ? { intent } : {}), ...fields }));
  const contentType = fc.constantFrom(
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/plain',
    'application/merge-patch+json',
    'application/json; charset=latin1',
    '',
  );
  const extraHeaders = fc.dictionary(
    fc.constantFrom(
      'accept',
      'accept-language',
      'x-requested-with',
      'if-none-match',
      'range',
      'user-agent',
      'x-forwarded-for',
      'cookie',
      'referer',
      ...(ENTRY_CASES ? ['x-forwarded-proto', 'x-forwarded-host'] : []),
    ),
    fc.oneof(
      fc
        .string({ unit: 'binary-ascii', maxLength: 30 })
        .map((s) => s.replace(/[^\t\x20-\x7e]/g, '')) /* what an HTTP client can send at all */,
      fc.constantFrom('*/*', 'text/html', 'application/json', 'bytes=0-10', '"x"', 'a b', 'https', '::1', 'evil.example'),
    ),
    { maxKeys: 2 },
  );
  return fc
    .record({
      method,
      path: pathArb,
      query,
      who,
      csrf: fc.constantFrom('valid', 'valid', 'valid', 'missing', 'wrong'),
      origin: fc.constantFrom('self', 'self', 'none', 'evil'),
      json: jsonBody,
      form: formBody,
      contentType,
      extra: extraHeaders,
      bodyKind: fc.constantFrom('natural', 'natural', 'natural', 'swapped', 'huge'),
    })
    .map((g) => {
      const headers: Record<string, string> = { ...g.extra };
      if (g.who !== 'anonymous') {
        const w = g.who as 'viewer' | 'editor' | 'admin';
        if (route.api) headers.authorization = `Bearer ${ctx.tokens[w]}`;
        else headers.cookie = ctx.sessions[w].cookie;
      }
      if (g.origin === 'self') headers.origin = ctx.origin;
      else if (g.origin === 'evil') headers.origin = 'https://evil.example';
      let body: Buffer | undefined;
      if (g.method !== 'GET' && g.method !== 'HEAD') {
        const natural = route.api ? 'json' : 'form';
        const kind = g.bodyKind === 'swapped' ? (natural === 'json' ? 'form' : 'json') : natural;
        if (g.bodyKind === 'huge') body = Buffer.from(`title=${'x'.repeat(1_500_000)}`);
        else if (kind === 'json') body = Buffer.from(g.json);
        else {
          const form = { ...g.form } as Record<string, string>;
          if (!route.api && g.who !== 'anonymous' && g.csrf !== 'missing')
            form.csrf = g.csrf === 'valid' ? ctx.sessions[g.who as 'viewer'].csrf : 'forged';
          body = Buffer.from(new URLSearchParams(form).toString());
        }
        headers['content-type'] = g.contentType || (kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded');
        if (g.bodyKind === 'natural' && g.contentType === 'text/plain')
          headers['content-type'] = kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
        headers['content-length'] = String(body.length);
      }
      return { method: g.method, path: `${g.path}${g.query}`, headers, body };
    });
}

// ---------- the suite ----------

async function seed(db: Database) {
  await syncBuiltInTemplates(db);
  const viewer = await createTestActor(db, 'viewer', { email: 'fuzz-viewer@example.test' });
  const editor = await createTestActor(db, 'editor', { email: 'fuzz-editor@example.test' });
  const admin = await createTestActor(db, 'admin', { email: 'fuzz-admin@example.test' });
  const pub = await createDocument(db, { actor: editor, input: rcaInput({ title: 'Fuzz published' }) });
  const r = await transitionDocument(db, { actor: editor, id: pub.id, input: { to: 'in_review', version: pub.version } });
  // Publishing is approved by someone other than the author.
  await transitionDocument(db, { actor: admin, id: pub.id, input: { to: 'published', version: r.version } });
  const draft = await createDocument(db, { actor: editor, input: rcaInput({ title: 'Fuzz draft' }) });
  const checklist = await createDocument(db, { actor: editor, input: { template: 'etsy-go-no-go', title: 'Fuzz launch' } });
  const tokens = {
    viewer: (await createApiToken(db, { email: viewer.email, name: 'fuzz' })).token,
    editor: (await createApiToken(db, { email: editor.email, name: 'fuzz' })).token,
    admin: (await createApiToken(db, { email: admin.email, name: 'fuzz' })).token,
  };
  return {
    ids: { draft: draft.id, published: pub.id, checklist: checklist.id, actionItem: draft.actionItems[0].id, viewer: viewer.id },
    tokens,
    emails: { viewer: viewer.email, editor: editor.email, admin: admin.email },
  };
}

async function signInSession(base: URL, email: string, ip: string): Promise<{ cookie: string; csrf: string }> {
  const res = await send(base, {
    method: 'POST',
    path: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base.origin, 'x-forwarded-for': ip },
    body: Buffer.from(new URLSearchParams({ email, password: TEST_PASSWORD, next: '/' }).toString()),
  });
  const setCookie = res.headers['set-cookie']?.[0];
  if (res.status !== 302 || !setCookie)
    throw new Error(`sign-in for the fuzz run failed: ${res.status} ${res.body.toString().slice(0, 300)}`);
  const cookie = setCookie.split(';')[0];
  const page = await send(base, { method: 'GET', path: '/account/password', headers: { cookie } });
  const m = /name="csrf" value="([^"]+)"/.exec(page.body.toString());
  if (!m) throw new Error('no CSRF token on /account/password');
  return { cookie, csrf: m[1] };
}

for (const backend of testBackends()) {
  describe(`fuzzing a real server [${backend}]`, () => {
    let server: RunningServer;
    let close: () => Promise<void> = async () => {};
    let base: URL;
    let ctx: Ctx;
    let emails: Record<'viewer' | 'editor' | 'admin', string>;

    beforeAll(async () => {
      let seeded: Awaited<ReturnType<typeof seed>>;
      if (backend === 'pglite') {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-fuzz-'));
        const opened = await openDatabase({ dataDir });
        seeded = await seed(opened.db);
        await opened.close();
        server = await startServer({ DATA_DIR: dataDir, SEED_DEMO: 'false' });
        close = async () => fs.rmSync(dataDir, { recursive: true, force: true });
      } else {
        const opened = await openTestDatabase(backend as BackendName);
        seeded = await seed(opened.db);
        server = await startServer({ DATABASE_URL: opened.location, SESSION_SECRET: 'fuzz-session-secret-0123456789' });
        close = opened.close;
      }
      base = new URL(server.url);
      emails = seeded.emails;
      ctx = { origin: base.origin, ids: seeded.ids, tokens: seeded.tokens, sessions: {} as Ctx['sessions'] };
      for (const w of ['viewer', 'editor', 'admin'] as const) ctx.sessions[w] = await signInSession(base, emails[w], `192.0.2.${w.length}`);
      // Warm the PDF renderer (fonts, worker start-up: many seconds on a cold process) and its cache, untimed.
      for (const p of [...[ctx.ids.published, ctx.ids.draft, ctx.ids.checklist].map((id) => `/docs/${id}.pdf`), '/docs/digest.pdf'])
        await send(base, { method: 'GET', path: p, headers: { cookie: ctx.sessions.admin.cookie } }, 120_000);
    }, 300_000);
    afterAll(async () => {
      agent.destroy();
      const code = await server?.stop();
      await close();
      expect(code).toBe(0);
    });

    it(`answers ${RUNS * BATCH} generated requests across every route file with no 5xx, only JSON API errors, each within ${MAX_MS} ms`, async () => {
      // FUZZ_EXCLUDE (a regular expression over route file names) narrows a run by hand, e.g. while investigating; CI sets none.
      const all = routes().filter((r) => !process.env.FUZZ_EXCLUDE || !new RegExp(process.env.FUZZ_EXCLUDE).test(r.file));
      expect(all.length).toBeGreaterThan(process.env.FUZZ_EXCLUDE ? 0 : 20);
      let sent = 0;
      const perRoute = new Map<string, number>();
      const slowest: { ms: number; what: string }[] = [];
      const describeReq = (r: Req) =>
        `${r.method} ${r.path.slice(0, 300)} headers=${JSON.stringify(r.headers).slice(0, 400)} body=${r.body ? JSON.stringify(r.body.toString().slice(0, 400)) : '-'}${r.body && r.body.length > 400 ? ` (${r.body.length} bytes)` : ''}`;
      const batch = fc.array(
        fc.constantFrom(...all).chain((route) => arbRequest(route, ctx).map((req) => ({ route, req }))),
        { minLength: BATCH, maxLength: BATCH },
      );
      let batches = 0;
      const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
      const run = await fc.check(
        fc.asyncProperty(batch, async (items) => {
          batches++;
          const results = await Promise.all(
            items.map(async ({ route, req }) => ({ route, req, res: await send(base, req).catch((e: Error) => e) })),
          );
          for (const { route, req, res } of results) {
            sent++;
            perRoute.set(route.file, (perRoute.get(route.file) ?? 0) + 1);
            const what = describeReq(req);
            if (res instanceof Error)
              throw new Error(
                `no answer (${res.message}) to ${what}\nthe batch:\n${results.map((x) => `${x.res instanceof Error ? 'NO ANSWER' : x.res.status} ${describeReq(x.req).slice(0, 700)}`).join('\n')}\n${server.output().slice(-3000)}`,
              );
            slowest.push({ ms: res.ms, what: `${res.status} ${req.method} ${req.path.slice(0, 120)}` });
            if (res.status >= 500) throw new Error(`${res.status} for ${what}\n${res.body.toString().slice(0, 1000)}`);
            if (res.ms > MAX_MS) throw new Error(`${Math.round(res.ms)} ms (over ${MAX_MS} ms) for ${what}`);
            // An API answer is one for a path under /api/v1 once dot segments are resolved (`/api/v1/..` is `/api/`, not the API).
            const apiPath = /^\/api\/v1(\/|$)/.test(new URL(req.path, 'http://x').pathname);
            if (apiPath && res.status >= 400 && req.method !== 'HEAD') {
              const type = String(res.headers['content-type'] ?? '');
              let ok = /^application\/json/.test(type);
              if (ok) {
                try {
                  const b = JSON.parse(res.body.toString());
                  ok = typeof b?.error?.code === 'string' && typeof b?.error?.message === 'string';
                } catch {
                  ok = false;
                }
              }
              if (!ok)
                throw new Error(
                  `API error not in the JSON error shape (${res.status} ${type}) for ${what}: ${res.body.toString().slice(0, 300)}`,
                );
            }
          }
          if (batches % 25 === 0) {
            const h = await send(base, { method: 'GET', path: '/healthz', headers: {} }, MAX_MS).catch((e: Error) => e);
            if (h instanceof Error || h.status !== 200)
              throw new Error(`/healthz stopped answering after ${sent} requests: ${h instanceof Error ? h.message : h.status}`);
          }
          // Fuzzed forms may sign a session out or lock it (logout, password change): keep the sessions fresh.
          if (batches % 100 === 0)
            for (const w of ['viewer', 'editor', 'admin'] as const)
              ctx.sessions[w] = await signInSession(base, emails[w], `192.0.2.${w.length}`);
        }),
        { numRuns: RUNS, seed, endOnFailure: true },
      );
      // Our own message names the failing request; fast-check's counterexample (the whole batch) is too long to read.
      if (run.failed)
        throw new Error(
          `fuzz failed (FC_SEED=${seed}, after ${sent} requests): ${run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance)}`,
        );

      expect(sent).toBeGreaterThanOrEqual(RUNS * BATCH);
      // Every route file got requests.
      expect(all.filter((r) => !perRoute.get(r.file)).map((r) => r.file)).toEqual([]);
      slowest.sort((a, b) => b.ms - a.ms);
      console.log(
        `[${backend}] ${sent} requests; slowest: ${slowest
          .slice(0, 5)
          .map((s) => `${Math.round(s.ms)} ms ${s.what}`)
          .join(' | ')}`,
      );
      const h = await send(base, { method: 'GET', path: '/healthz', headers: {} }, MAX_MS);
      expect(h.status).toBe(200);
    }, 1_800_000);
  });
}
