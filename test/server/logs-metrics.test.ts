// Logs and metrics of a real `node server.mjs` on each backend: every request is one JSON log line under the id the
// client got in X-Request-Id; passwords, API tokens, session cookies and CSRF tokens never reach the log, whatever the
// request did with them (sign-in, API calls, a password change, a bad token, a secret in a query string); /metrics is
// served on METRICS_PORT only, labelled by route id; /readyz answers 200 when the database is migrated, 503 when not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createApiToken } from '../../app/models/user.server';
import { startServer, type RunningServer } from '../e2e/helpers';
import { createTestActor, rcaInput, TEST_PASSWORD } from '../helpers/factories';
import { createServerDatabase, testBackends, type BackendName } from '../helpers/db';
import { logLines, linesOf } from '../helpers/server-log';

/** A migrated database with an admin (password TEST_PASSWORD) and an API token of theirs; the server's env for it. */
async function prepare(backend: BackendName) {
  let env: Record<string, string>;
  let url: string | undefined;
  let drop = async () => {};
  let opened;
  if (backend === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-obs-'));
    opened = await openDatabase({ dataDir });
    env = { DATA_DIR: dataDir, SEED_DEMO: 'false' };
  } else {
    const scratch = await createServerDatabase(process.env.TEST_DATABASE_URL!);
    opened = await openDatabase({ url: scratch.url });
    url = scratch.url;
    env = { DATABASE_URL: scratch.url, SESSION_SECRET: randomBytes(24).toString('hex'), SEED_DEMO: 'false' };
    drop = scratch.drop;
  }
  await syncBuiltInTemplates(opened.db);
  const admin = await createTestActor(opened.db, 'admin');
  const { token } = await createApiToken(opened.db, { email: admin.email, name: 'logs test' });
  await opened.close();
  return { env, url, drop, admin, token };
}

const metricsUrl = (server: RunningServer) => {
  const m = /Metrics are served on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(server.output());
  if (!m) throw new Error(`no metrics address in the log:\n${server.output()}`);
  return m[1];
};

for (const backend of testBackends()) {
  describe(`logs, metrics and readiness [${backend}]`, () => {
    let server: RunningServer;
    let prepared: Awaited<ReturnType<typeof prepare>>;
    beforeAll(async () => {
      prepared = await prepare(backend);
      // The most verbose level: whatever any line at any level writes must be free of secrets.
      server = await startServer({ ...prepared.env, LOG_LEVEL: 'trace', METRICS_PORT: '0' });
    }, 180_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
      await prepared?.drop();
    });

    it('no password, API token, session cookie or CSRF token is logged; every request is one line under its X-Request-Id', async () => {
      const ids: string[] = [];
      const remember = (res: Response) => {
        ids.push(res.headers.get('x-request-id')!);
        return res;
      };
      const wrongPassword = `wrong-${randomBytes(6).toString('hex')}`;
      const newPassword = `new-pw-${randomBytes(6).toString('hex')}`;
      const bogusToken = `bogus-${randomBytes(12).toString('hex')}`;
      const querySecret = `q-${randomBytes(6).toString('hex')}`;
      const form = (body: Record<string, string>, cookie?: string) => ({
        method: 'POST',
        redirect: 'manual' as const,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams(body),
      });

      // A failed and a successful sign-in.
      expect(
        remember(await fetch(`${server.url}/login`, form({ email: prepared.admin.email, password: wrongPassword, next: '/' }))).status,
      ).toBe(400);
      const signIn = remember(
        await fetch(`${server.url}/login`, form({ email: prepared.admin.email, password: TEST_PASSWORD, next: '/' })),
      );
      expect(signIn.status).toBe(302);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
      const page = remember(await fetch(`${server.url}/account/password?token=${querySecret}`, { headers: { Cookie: cookie } }));
      const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];

      // The API with the token: a list with a query, a create, and a bad token.
      expect(
        remember(await fetch(`${server.url}/api/v1/documents?q=${querySecret}`, { headers: { Authorization: `Bearer ${prepared.token}` } }))
          .status,
      ).toBe(200);
      const created = remember(
        await fetch(`${server.url}/api/v1/documents`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${prepared.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(rcaInput({ title: 'Logged by id only' })),
        }),
      );
      expect(created.status).toBe(201);
      expect(remember(await fetch(`${server.url}/api/v1/documents`, { headers: { Authorization: `Bearer ${bogusToken}` } })).status).toBe(
        401,
      );

      // A password change (current and new password in the body), which sets a new session cookie.
      const changed = remember(
        await fetch(
          `${server.url}/account/password`,
          form({ csrf, current: TEST_PASSWORD, next: newPassword, confirm: newPassword }, cookie),
        ),
      );
      expect(changed.status).toBe(302);
      const newCookie = changed.headers.get('set-cookie')!.split(';')[0];
      expect(newCookie).not.toBe(cookie);
      expect(remember(await fetch(`${server.url}/account/password`, { headers: { Cookie: newCookie } })).status).toBe(200);

      // A request's line is written once its answer is finished, which can be just after the client read it.
      const logged = () => ids.every((id) => linesOf(server.output(), id).some((l) => l.msg === 'request'));
      for (let i = 0; i < 50 && !logged(); i++) await new Promise((r) => setTimeout(r, 100));
      const output = server.output();
      const cookieValue = (c: string) => c.slice(c.indexOf('=') + 1);
      const secrets = {
        TEST_PASSWORD,
        wrongPassword,
        newPassword,
        token: prepared.token,
        bogusToken,
        querySecret,
        csrf,
        cookie: cookieValue(cookie),
        newCookie: cookieValue(newCookie),
      };
      for (const [name, secret] of Object.entries(secrets)) {
        expect(output.includes(secret), `${name} is in the log`).toBe(false);
        expect(output.includes(decodeURIComponent(secret)), `${name} (decoded) is in the log`).toBe(false);
      }
      // The log is not silent: each of those requests is there, under the id its answer carried, path without query.
      for (const id of ids)
        expect(
          linesOf(output, id).filter((l) => l.msg === 'request'),
          id,
        ).toHaveLength(1);
      const apiList = linesOf(output, ids[3])[0];
      expect(apiList).toMatchObject({
        level: 'info',
        method: 'GET',
        path: '/api/v1/documents',
        route: 'routes/api.v1.documents',
        status: 200,
      });
      // Every line the server wrote is JSON with a level and a time.
      for (const line of output.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
      expect(logLines(output).every((l) => typeof l.level === 'string' && typeof l.time === 'string')).toBe(true);
    });

    it('/metrics is served only on METRICS_PORT (loopback): request counts and latency by route id, PDF and database figures', async () => {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      // Two different documents: one route label, and no id in the metrics.
      const ids: string[] = [];
      for (const title of ['First for metrics', 'Second for metrics']) {
        const res = await fetch(`${server.url}/api/v1/documents`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${prepared.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(rcaInput({ title })),
        });
        ids.push((await res.json()).id);
      }
      for (const id of ids)
        expect(
          (await fetch(`${server.url}/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${prepared.token}` } })).status,
        ).toBe(200);
      expect(
        (await fetch(`${server.url}/api/v1/documents/${ids[0]}/pdf`, { headers: { Authorization: `Bearer ${prepared.token}` } })).status,
      ).toBe(200);
      expect((await fetch(`${server.url}/no/such/page`)).status).toBe(404);

      const res = await fetch(metricsUrl(server));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
      const text = await res.text();
      for (const id of ids) expect(text).not.toContain(id);
      expect(text).toMatch(/^kaizen_http_requests_total\{method="GET",route="routes\/api\.v1\.documents\.\$id",status="200"\} 2$/m);
      expect(text).toMatch(/^kaizen_http_requests_total\{method="POST",route="routes\/api\.v1\.documents",status="201"\} [1-9]\d*$/m);
      expect(text).toMatch(/^kaizen_http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]\d*$/m);
      expect(text).toMatch(/^kaizen_http_request_duration_seconds_count\{method="GET",route="routes\/api\.v1\.documents\.\$id"\} 2$/m);
      expect(text).toMatch(/^kaizen_pdf_render_duration_seconds_count\{kind="document"\} 1$/m);
      expect(text).toMatch(/^kaizen_pdf_queue_length 0$/m);
      expect(text).toMatch(/^kaizen_pdf_workers\{state="idle"\} [1-9]\d*$/m);
      expect(text).toMatch(/^kaizen_db_up 1$/m);
      expect(text).toMatch(/^kaizen_process_resident_memory_bytes \d+/m);
      if (backend === 'postgres') {
        expect(text).toMatch(/^kaizen_db_pool_max 13$/m);
        expect(text).toMatch(/^kaizen_db_pool_connections\{state="idle"\} [1-9]\d*$/m);
      } else expect(text).toMatch(/^kaizen_db_pool_max 1$/m);
    });

    it('/readyz is 200 with the database migrated; on a server whose newest migration is missing it is 503', async () => {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      const body = await ready.json();
      expect(body).toMatchObject({ ok: true, database: true, migrations: { applied: body.migrations.expected } });
      expect(body.migrations.expected).toBeGreaterThan(5);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      if (backend !== 'postgres') return; // The embedded database belongs to the server: nothing else can change it while it runs.
      const sql = postgres(prepared.url!, { max: 1, onnotice: () => {} });
      try {
        const [newest] = await sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`;
        await sql`delete from drizzle.__drizzle_migrations where id = ${newest.id}`;
        const notReady = await fetch(`${server.url}/readyz`);
        expect(notReady.status).toBe(503);
        expect(await notReady.json()).toMatchObject({
          ok: false,
          database: true,
          migrations: { applied: body.migrations.expected - 1 },
          error: expect.stringMatching(/migrations/),
        });
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
        await sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${newest.id}, ${newest.hash}, ${newest.created_at})`;
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      } finally {
        await sql.end();
      }
    });
  });
}
