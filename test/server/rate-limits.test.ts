// Shared rate limits and the purge, against real `node server.mjs` processes: on PostgreSQL two processes on one
// database share the counts (a token's fifth request is refused whichever process gets it), per token, per user for
// PDF exports and per address for the API (bad tokens included); a refusal is 429 with Retry-After and the API's error
// shape. Expired sessions, forgotten sign-in throttles and finished rate-limit windows are deleted at start and then
// periodically; live ones stay.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client';
import { loginThrottles, rateLimits, sessions } from '../../db/schema';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createApiToken } from '../../app/models/user.server';
import { startServer, type RunningServer } from '../e2e/helpers';
import { createTestActor, rcaInput, TEST_PASSWORD } from '../helpers/factories';
import { createServerDatabase, testBackends, type BackendName } from '../helpers/db';
import { signInOnServer } from '../helpers/server-http';

const LIMITS = { API_TOKEN_PER_MINUTE: '4', API_ADDRESS_PER_MINUTE: '14', PDF_USER_PER_MINUTE: '2', PDF_ADDRESS_PER_MINUTE: '100' };
const HOUR = 3_600_000;

/** Rows the purge must delete (`gone`) and rows it must keep (`kept`). */
async function insertPurgeRows(db: Database, userId: string, tag: string) {
  const now = Date.now();
  await db.insert(sessions).values([
    { id: `expired-${tag}`, userId, csrfToken: 'x', expiresAt: new Date(now - 1000) },
    { id: `live-${tag}`, userId, csrfToken: 'x', expiresAt: new Date(now + HOUR) },
  ]);
  await db.insert(loginThrottles).values([
    { key: `ip:forgotten-${tag}`, failures: 3, lastFailureAt: new Date(now - 2 * HOUR), lockedUntil: null },
    { key: `ip:recent-${tag}`, failures: 3, lastFailureAt: new Date(now - 60_000), lockedUntil: null },
  ]);
  await db.insert(rateLimits).values([
    { key: `api_token:finished-${tag}`, points: 3, expire: new Date(now - 1000) },
    { key: `api_token:running-${tag}`, points: 1, expire: new Date(now + HOUR) },
  ]);
  return {
    gone: { sessions: `expired-${tag}`, throttles: `ip:forgotten-${tag}`, limits: `api_token:finished-${tag}` },
    kept: { sessions: `live-${tag}`, throttles: `ip:recent-${tag}`, limits: `api_token:running-${tag}` },
  };
}

async function remaining(db: Database, rows: { sessions: string; throttles: string; limits: string }) {
  return {
    sessions: (
      await db
        .select({ id: sessions.id })
        .from(sessions)
        .where(inArray(sessions.id, [rows.sessions]))
    ).length,
    throttles: (
      await db
        .select({ k: loginThrottles.key })
        .from(loginThrottles)
        .where(inArray(loginThrottles.key, [rows.throttles]))
    ).length,
    limits: (
      await db
        .select({ k: rateLimits.key })
        .from(rateLimits)
        .where(inArray(rateLimits.key, [rows.limits]))
    ).length,
  };
}

async function prepare(backend: BackendName) {
  let opened;
  let env: Record<string, string>;
  let url: string | undefined;
  let drop = async () => {};
  if (backend === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-limits-'));
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
  const editor = await createTestActor(opened.db, 'editor');
  const first = (await createApiToken(opened.db, { email: editor.email, name: 'first' })).token;
  const second = (await createApiToken(opened.db, { email: editor.email, name: 'second' })).token;
  const purgeRows = await insertPurgeRows(opened.db, editor.id, 'before-start');
  return { opened, env, url, drop, editor, tokens: { first, second }, purgeRows };
}

const api = (base: string, token: string, pathname = '/api/v1/templates', init: RequestInit = {}) =>
  fetch(`${base}${pathname}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });

/** A 429 in the API's error shape, with Retry-After (whole seconds within the one-minute window) matching the body. */
async function expectRateLimited(res: Response, limit: string) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${res.headers.get('retry-after')}`).toBe(true);
  expect(await res.json()).toEqual({
    error: {
      code: 'rate_limited',
      message: expect.stringMatching(/in a minute\. Try again in \d+ s\./),
      limit,
      retryAfterSeconds: retryAfter,
      requestId: res.headers.get('x-request-id'),
    },
  });
}

// Two processes need a database server: with TEST_DATABASE_URL only (the embedded database belongs to one process).
if (testBackends().includes('postgres'))
  describe('shared rate limits and the purge [postgres, two processes on one database]', () => {
    let a: RunningServer;
    let b: RunningServer;
    let prepared: Awaited<ReturnType<typeof prepare>>;
    beforeAll(async () => {
      prepared = await prepare('postgres');
      [a, b] = await Promise.all([
        startServer({ ...prepared.env, ...LIMITS, PURGE_INTERVAL_SECONDS: '1' }),
        startServer({ ...prepared.env, ...LIMITS, PURGE_INTERVAL_SECONDS: '1' }),
      ]);
    }, 180_000);
    afterAll(async () => {
      expect(await a?.stop()).toBe(0);
      expect(await b?.stop()).toBe(0);
      await prepared?.opened.close();
      await prepared?.drop();
    });

    it("a token's requests are counted across both processes: the fifth is refused on either, another token goes on", async () => {
      const { first, second } = prepared.tokens;
      const statuses = [];
      for (const server of [a, b, a, b]) statuses.push((await api(server.url, first)).status);
      expect(statuses).toEqual([200, 200, 200, 200]);
      await expectRateLimited(await api(a.url, first), 'api_token');
      await expectRateLimited(await api(b.url, first), 'api_token');
      expect((await api(b.url, second)).status).toBe(200);
    });

    it("a user's PDF exports are counted across processes, pages and the API: the third in a minute is 429 with Retry-After", async () => {
      const created = await api(a.url, prepared.tokens.second, '/api/v1/documents', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(rcaInput({ title: 'Limited PDF' })),
      });
      expect(created.status).toBe(201);
      const { id } = await created.json();
      const { cookie } = await signInOnServer(a.url, prepared.editor.email, TEST_PASSWORD);
      expect((await fetch(`${a.url}/docs/${id}.pdf`, { headers: { Cookie: cookie } })).status).toBe(200);
      expect((await fetch(`${b.url}/docs/${id}.pdf`, { headers: { Cookie: cookie } })).status).toBe(200);
      const page = await fetch(`${a.url}/docs/${id}.pdf`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(429);
      expect(Number(page.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await page.text()).toMatch(/more than 2 PDF exports in a minute/);
      // The same user through the API (a token with requests left): their PDF share is used up there too.
      const viaApi = await api(b.url, prepared.tokens.second, `/api/v1/documents/${id}/pdf`);
      await expectRateLimited(viaApi, 'pdf_user');
    });

    it('one address guessing tokens is refused with 429 once its API requests pass the limit', async () => {
      const statuses: number[] = [];
      let refused: Response | undefined;
      for (let i = 0; i < 16 && !refused; i++) {
        const res = await api(i % 2 ? a.url : b.url, `guess-${randomBytes(12).toString('hex')}`);
        if (res.status === 429) refused = res;
        else statuses.push(res.status);
      }
      expect(refused, 'no 429 within 16 guesses').toBeDefined();
      expect(new Set(statuses)).toEqual(new Set([401]));
      await expectRateLimited(refused!, 'api_address');
    });

    it('expired rows are purged at start and periodically; live ones stay', async () => {
      const db = prepared.opened.db;
      expect(await remaining(db, prepared.purgeRows.gone)).toEqual({ sessions: 0, throttles: 0, limits: 0 });
      expect(await remaining(db, prepared.purgeRows.kept)).toEqual({ sessions: 1, throttles: 1, limits: 1 });
      const later = await insertPurgeRows(db, prepared.editor.id, 'while-running');
      let left = await remaining(db, later.gone);
      for (let i = 0; i < 100 && (left.sessions || left.throttles || left.limits); i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = await remaining(db, later.gone);
      }
      expect(left).toEqual({ sessions: 0, throttles: 0, limits: 0 });
      expect(await remaining(db, later.kept)).toEqual({ sessions: 1, throttles: 1, limits: 1 });
    });
  });

describe('rate limits and the purge [pglite]', () => {
  let server: RunningServer;
  let prepared: Awaited<ReturnType<typeof prepare>>;
  beforeAll(async () => {
    prepared = await prepare('pglite');
    // The server holds the embedded database: the test's own handle closes first and reopens after the server stops.
    await prepared.opened.close();
    server = await startServer({ ...prepared.env, ...LIMITS, METRICS_PORT: '0' });
  }, 180_000);
  afterAll(async () => {
    if (server?.process.exitCode === null) await server.stop();
  });

  it("a token's fifth request in a minute is 429 with Retry-After in the API's error shape, counted in the metrics", async () => {
    for (let i = 0; i < 4; i++) expect((await api(server.url, prepared.tokens.first)).status).toBe(200);
    await expectRateLimited(await api(server.url, prepared.tokens.first), 'api_token');
    expect((await api(server.url, prepared.tokens.second)).status).toBe(200);
    const metricsUrl = /Metrics are served on (http:\S+\/metrics)/.exec(server.output())![1];
    expect(await (await fetch(metricsUrl)).text()).toMatch(/^kaizen_rate_limited_total\{limit="api_token"\} 1$/m);
  });

  it('expired rows were purged at start; live ones stay', async () => {
    expect(await server.stop()).toBe(0);
    const reopened = await openDatabase({ dataDir: prepared.env.DATA_DIR });
    try {
      expect(await remaining(reopened.db, prepared.purgeRows.gone)).toEqual({ sessions: 0, throttles: 0, limits: 0 });
      expect(await remaining(reopened.db, prepared.purgeRows.kept)).toEqual({ sessions: 1, throttles: 1, limits: 1 });
    } finally {
      await reopened.close();
    }
  });
});
