import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../e2e/helpers';
import { createServerDatabase } from '../helpers/db';
import { DEMO_RCAS } from '../../db/demo/rcas';
import { DEMO_LAUNCHES } from '../../db/demo/launches';
import { signInOnServer } from '../helpers/server-http';

// Two `node server.mjs` processes started at the same moment on one NEW PostgreSQL database (TEST_DATABASE_URL as the
// admin URL, or the machine's server on 127.0.0.1:5432): both must come up (migrations and the demo seed take turns
// under an advisory lock), and a user must not notice which one answers.
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEMO = { email: 'demo@kaizen.local', password: 'kaizen-demo-2026' };

describe('two server processes on one PostgreSQL database', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let a: RunningServer;
  let b: RunningServer;
  let token = '';
  const env = () => ({
    DATABASE_URL: scratch.url,
    SESSION_SECRET: randomBytes(24).toString('hex'),
    SEED_DEMO: 'true',
    PDF_POOL_WARMUP: 'false',
  });

  beforeAll(async () => {
    scratch = await createServerDatabase(adminUrl, 'kaizen_mp');
    const shared = env();
    // Started together, not one after the other: this is the race that used to crash one of them.
    [a, b] = await Promise.all([startServer(shared), startServer(shared)]);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'app/cli.server.ts', 'token', 'create', DEMO.email, '--name', 'multi-process'],
      { env: { ...process.env, ...shared }, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    token = r.stdout.trim();
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await scratch?.drop();
  });

  it('both start and serve; migrations ran once and the demo content was added once', async () => {
    for (const s of [a, b]) {
      const res = await fetch(`${s.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, database: 'postgres' });
    }
    const seededBy = [a, b].filter((s) => /Demo content was added/.test(s.output()));
    expect(seededBy).toHaveLength(1);
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
    try {
      const [users] = await sql`select count(*)::int as n from users where email in ('demo@kaizen.local', 'reviewer@kaizen.local')`;
      expect(users.n).toBe(2);
      const [docs] = await sql`select count(*)::int as n from documents`;
      // Added once: the four first reviews, the demo library's RCAs and its launch reviews.
      expect(docs.n).toBe(4 + DEMO_RCAS.length + DEMO_LAUNCHES.length);
      const [migrations] = await sql`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
      expect(migrations.n).toBe(migrations.distinct);
      const [templates] = await sql`select count(*)::int as n, count(distinct (key, version))::int as distinct from templates`;
      expect(templates.n).toBe(templates.distinct);
    } finally {
      await sql.end();
    }
  });

  it('a session signed in on one process is valid on the other, and signing out on it ends it on both', async () => {
    const { cookie, csrf } = await signInOnServer(a.url, DEMO.email, DEMO.password);
    const onB = await fetch(`${b.url}/actions`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain('Action items');
    const out = await fetch(`${b.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: b.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }),
    });
    expect(out.status).toBe(302);
    const afterOnA = await fetch(`${a.url}/actions`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(afterOnA.status).toBe(302);
    expect(afterOnA.headers.get('location')).toMatch(/^\/login/);
  });

  it('a PDF rendered by one process is served from the shared store by the other', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const list = (await (await fetch(`${a.url}/api/v1/documents?status=published`, { headers: auth })).json()) as {
      items: { id: string }[];
    };
    const id = list.items[0].id;
    const first = await fetch(`${a.url}/api/v1/documents/${id}/pdf`, { headers: auth });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-kaizen-pdf-cache')).toBe('miss');
    const bytesA = Buffer.from(await first.arrayBuffer());
    expect(bytesA.subarray(0, 5).toString()).toBe('%PDF-');
    const second = await fetch(`${b.url}/api/v1/documents/${id}/pdf`, { headers: auth });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-kaizen-pdf-cache')).toBe('hit');
    expect(Buffer.from(await second.arrayBuffer()).equals(bytesA)).toBe(true);
  }, 60_000);

  it('an edit on one process is seen by the other, and a stale save there is a 409 conflict', async () => {
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const list = (await (await fetch(`${b.url}/api/v1/documents?status=draft`, { headers: auth })).json()) as { items: { id: string }[] };
    const id = list.items[0].id;
    const read = (await (await fetch(`${b.url}/api/v1/documents/${id}`, { headers: auth })).json()) as { version: number; title: string };
    const saved = await fetch(`${a.url}/api/v1/documents/${id}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ version: read.version, title: `${read.title} (edited on A)` }),
    });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { version: number }).version).toBe(read.version + 1);
    const seenOnB = (await (await fetch(`${b.url}/api/v1/documents/${id}`, { headers: auth })).json()) as {
      version: number;
      title: string;
    };
    expect(seenOnB.title).toBe(`${read.title} (edited on A)`);
    // B's client still holds the version it read before A's save.
    const stale = await fetch(`${b.url}/api/v1/documents/${id}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ version: read.version, title: `${read.title} (edited on B)` }),
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('conflict');
    const final = (await (await fetch(`${a.url}/api/v1/documents/${id}`, { headers: auth })).json()) as { title: string };
    expect(final.title).toBe(`${read.title} (edited on A)`);
  });
});
