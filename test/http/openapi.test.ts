// The OpenAPI document is the API: every `app/routes/api.v1.*` route is in it with exactly the methods it serves,
// every example it shows validates against the schema the route validates with, every real answer validates
// against the documented answer schema, and every endpoint API.md names is there.
import fs from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { routeFiles, urlPattern } from '../helpers/routes';
import { API_ROUTES, type Operation } from '../../app/lib/openapi/registry.server';
import { ErrorSchema } from '../../app/lib/openapi/responses.server';
import type { Actor } from '../../app/models/types';

/** The endpoints of API.md's JSON API table (/work/shared/API.md, kept beside the repository), as method and path. */
const API_MD_ENDPOINTS = [
  'GET /templates',
  'POST /documents',
  'GET /documents/:id',
  'PATCH /documents/:id',
  'POST /documents/:id/transitions',
  'GET /documents',
  'GET /documents/:id/pdf',
  'GET /documents/:id/revisions',
  'POST /documents/:id/action-items',
  'PATCH /action-items/:id',
  'GET /action-items',
  'POST /documents/:id/signoffs',
];
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
const apiFiles = () => routeFiles().filter((f) => f.startsWith('api.v1.') && f !== 'api.v1.$.ts');
const routeIdOf = (file: string) => `routes/${file.replace(/\.(tsx?|jsx?)$/, '')}`;
const openApiPath = (file: string) =>
  urlPattern(file)
    .replace(/^\/api\/v1/, '')
    .replace(/:(\w+)/g, '{$1}');
type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, unknown> };
};

it('the registry has an entry for every api.v1 route file, at the path its file name gives, and none for a file that is gone', () => {
  const files = apiFiles();
  expect(files.length).toBeGreaterThanOrEqual(11);
  for (const f of files) {
    const entry = API_ROUTES[routeIdOf(f)];
    expect(entry, `${f} has no entry in app/lib/openapi/registry.server.ts`).toBeDefined();
    expect(entry.path, f).toBe(openApiPath(f));
    expect(entry.operations.length, f).toBeGreaterThan(0);
  }
  expect(Object.keys(API_ROUTES).filter((id) => !files.map(routeIdOf).includes(id))).toEqual([]);
});

it('every example validates against the schema the route validates with, and every example answer against its answer schema', () => {
  let checked = 0;
  for (const [id, route] of Object.entries(API_ROUTES)) {
    for (const op of route.operations) {
      if (op.body) expect(op.examples && Object.keys(op.examples).length, `${id} ${op.method} has a body but no example`).toBeTruthy();
      for (const [name, ex] of Object.entries(op.examples ?? {})) {
        const r = op.body!.safeParse(ex.value);
        expect(r.success, `${id} ${op.method} example ${name}: ${r.success ? '' : JSON.stringify(r.error.issues)}`).toBe(true);
        checked++;
      }
      for (const res of op.responses) {
        if (res.example === undefined) continue;
        const r = (res.schema ?? ErrorSchema).safeParse(res.example);
        expect(r.success, `${id} ${op.method} ${res.status} example: ${r.success ? '' : JSON.stringify(r.error.issues)}`).toBe(true);
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThanOrEqual(9);
});

it('a wrong example would be caught (the check can fail)', () => {
  const op = API_ROUTES['routes/api.v1.documents.$id.transitions'].operations[0];
  expect(op.body!.safeParse({ to: 'shipped', version: 3 }).success).toBe(false);
});

describeEachBackend('the OpenAPI document and the API agree', (db) => {
  let app: TestApp;
  let admin: Actor;
  let token: string;
  let doc: Doc;
  const send = (method: string, path: string, body?: unknown) =>
    app.fetch(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    app = await createTestApp(db());
    admin = await createTestActor(db(), 'admin');
    token = await app.token(admin);
    const res = await app.fetch('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    doc = (await res.json()) as Doc;
  });

  it('is OpenAPI 3.1 with every route at its path, unique operation ids, and every $ref resolving', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const f of apiFiles()) expect(Object.keys(doc.paths), f).toContain(openApiPath(f));
    const ids = Object.values(doc.paths).flatMap((item) =>
      Object.values(item)
        .filter((o) => o && typeof o === 'object' && 'operationId' in o)
        .map((o) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(5);
    for (const r of refs) expect(doc.components.schemas, r).toHaveProperty(r);
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('names every endpoint of API.md', () => {
    const listed = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((m) => m !== 'parameters')
        .map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    for (const e of API_MD_ENDPOINTS) expect(listed, e).toContain(e);
    // Kept in step with API.md where it is at hand (the shared folder beside the repository).
    const apiMd = '/work/shared/API.md';
    if (fs.existsSync(apiMd)) {
      const table = [...fs.readFileSync(apiMd, 'utf8').matchAll(/^\| `(GET|POST|PATCH|PUT|DELETE) (\/[^`?\s]*)/gm)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      for (const e of table) expect(listed, `API.md names ${e}`).toContain(e);
    }
  });

  it('documents exactly the methods each route serves (an undocumented method answers 405)', async () => {
    const pub = await send('POST', '/documents', API_ROUTES['routes/api.v1.documents'].operations[1].examples!.rca.value);
    const created = (await pub.json()) as { id: string; actionItems: { id: string }[] };
    const failures: string[] = [];
    for (const f of apiFiles()) {
      const route = API_ROUTES[routeIdOf(f)];
      const path = route.path.replace('{id}', route.path.startsWith('/action-items') ? created.actionItems[0].id : created.id);
      const documented = new Set(route.operations.map((o) => o.method.toUpperCase()));
      for (const m of METHODS) {
        const res = await send(m, path, m === 'GET' || m === 'DELETE' ? undefined : {});
        await res.arrayBuffer();
        if (documented.has(m) && res.status === 405) failures.push(`${m} ${path} is documented but answers 405`);
        if (!documented.has(m) && res.status !== 405) failures.push(`${m} ${path} is not documented but answers ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000); // 55 requests, one of them a PDF render, on a shared machine

  /** The documented answer of that operation for the status it gave, checked against its schema. */
  async function expectDocumented(routeId: string, method: Operation['method'], res: Response, want: number) {
    const body = res.headers.get('content-type')?.startsWith('application/json') ? await res.json() : null;
    expect(res.status, JSON.stringify(body)).toBe(want);
    const op = API_ROUTES[routeId].operations.find((o) => o.method === method)!;
    const documented = op.responses.find((r) => r.status === want);
    const schema: z.ZodType = documented?.schema ?? ErrorSchema;
    expect(documented || want >= 400, `${routeId} ${method} does not document ${want}`).toBeTruthy();
    const r = schema.safeParse(body);
    expect(r.success, `${method.toUpperCase()} ${routeId} ${want}: ${r.success ? '' : JSON.stringify(r.error.issues.slice(0, 5))}`).toBe(
      true,
    );
    return body;
  }

  it('every real answer matches its documented schema, driven by the documented examples', async () => {
    const ex = (routeId: string, method: string, name: string) =>
      structuredClone(API_ROUTES[routeId].operations.find((o) => o.method === method)!.examples![name].value) as Record<string, unknown>;
    await expectDocumented('routes/api.v1.templates', 'get', await send('GET', '/templates'), 200);
    const d = await expectDocumented(
      'routes/api.v1.documents',
      'post',
      await send('POST', '/documents', ex('routes/api.v1.documents', 'post', 'rca')),
      201,
    );
    await expectDocumented(
      'routes/api.v1.documents',
      'post',
      await send('POST', '/documents', ex('routes/api.v1.documents', 'post', 'pinned')),
      201,
    );
    await expectDocumented('routes/api.v1.documents', 'post', await send('POST', '/documents', { template: 'blameless-rca' }), 400);
    await expectDocumented('routes/api.v1.documents', 'get', await send('GET', '/documents?q=backlog&limit=5'), 200);
    await expectDocumented('routes/api.v1.documents.$id', 'get', await send('GET', `/documents/${d.id}`), 200);
    const patch = { ...ex('routes/api.v1.documents.$id', 'patch', 'fix'), version: d.version };
    const p = await expectDocumented('routes/api.v1.documents.$id', 'patch', await send('PATCH', `/documents/${d.id}`, patch), 200);
    await expectDocumented('routes/api.v1.documents.$id', 'patch', await send('PATCH', `/documents/${d.id}`, patch), 409);
    const t = { ...ex('routes/api.v1.documents.$id.transitions', 'post', 'review'), version: p.version };
    await expectDocumented('routes/api.v1.documents.$id.transitions', 'post', await send('POST', `/documents/${d.id}/transitions`, t), 422);
    await expectDocumented(
      'routes/api.v1.documents.$id.revisions',
      'get',
      await send('GET', `/documents/${d.id}/revisions?from=1&to=2`),
      200,
    );
    const ai = await expectDocumented(
      'routes/api.v1.documents.$id.action-items',
      'post',
      await send('POST', `/documents/${d.id}/action-items`, ex('routes/api.v1.documents.$id.action-items', 'post', 'item')),
      201,
    );
    await expectDocumented('routes/api.v1.documents.$id.action-items', 'get', await send('GET', `/documents/${d.id}/action-items`), 200);
    const done = { ...ex('routes/api.v1.action-items.$id', 'patch', 'done'), version: ai.version };
    await expectDocumented('routes/api.v1.action-items.$id', 'patch', await send('PATCH', `/action-items/${ai.id}`, done), 200);
    await expectDocumented('routes/api.v1.action-items', 'get', await send('GET', '/action-items?overdue=true'), 200);
    await expectDocumented('routes/api.v1.documents.$id.signoffs', 'get', await send('GET', `/documents/${d.id}/signoffs`), 200);

    const KEYS = [
      'testedEnough',
      'finalQa',
      'communicationReady',
      'inProductionForStaff',
      'darkLaunch',
      'percentageLaunch',
      'monitoring',
      'onOffSwitches',
      'leadsAvailable',
      'userFeedback',
      'successTime',
      'contingencyPlan',
    ];
    const launch = await expectDocumented(
      'routes/api.v1.documents',
      'post',
      await send('POST', '/documents', {
        template: 'etsy-go-no-go',
        title: 'Launch',
        fields: {
          launchAt: '2026-12-01T15:00Z',
          launchers: ['Ana'],
          feature: 'Gift cards',
          checks: Object.fromEntries(KEYS.map((k) => [k, { answer: 'yes', note: '' }])),
        },
      }),
      201,
    );
    await expectDocumented(
      'routes/api.v1.documents.$id.transitions',
      'post',
      await send('POST', `/documents/${launch.id}/transitions`, { to: 'in_review', version: launch.version }),
      200,
    );
    await expectDocumented(
      'routes/api.v1.documents.$id.signoffs',
      'post',
      await send('POST', `/documents/${launch.id}/signoffs`, ex('routes/api.v1.documents.$id.signoffs', 'post', 'go')),
      201,
    );
    await expectDocumented('routes/api.v1.documents.$id.signoffs', 'get', await send('GET', `/documents/${launch.id}/signoffs`), 200);
    await expectDocumented('routes/api.v1.documents.$id', 'get', await send('GET', `/documents/${launch.id}`), 200);
    const pdf = await send('GET', `/documents/${d.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    await pdf.arrayBuffer();
  });

  it('the reference page at /api shows every operation and object, server-rendered, to anyone', async () => {
    const res = await app.fetch('/api');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/api/v1/openapi.json"');
    for (const [p, item] of Object.entries(doc.paths))
      for (const m of Object.keys(item).filter((k) => k !== 'parameters'))
        expect(html, `${m} ${p}`).toContain(`${m.toUpperCase()}<!-- --> <!-- -->${p}`);
    for (const name of Object.keys(doc.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    expect(html).toContain('<code>version</code> (required)');
    expect(html).toContain('Needs a token of a editor or above.');
  });
});
