/**
 * Lists at scale over HTTP (`npm run bench:scale`; not a test). For each database (BENCH_BACKENDS, default
 * "embedded,postgres"): a NEW embedded data folder or a NEW PostgreSQL database (BENCH_DATABASE_URL is the admin URL,
 * default postgres://postgres@127.0.0.1:5432/postgres; created and dropped), `db:seed -- --synthetic N` (BENCH_DOCS,
 * default 100000; or the first argument), an editor and a viewer added with the CLI, then the REAL `node server.mjs`
 * (built app), signed in through /login (pages) and with a Bearer token (API). Prints the median ms of BENCH_REQUESTS
 * (default 10) requests, after two warm-ups, for every page and API list the issue names; target ≤ 100 ms each.
 * BENCH_EXPLAIN=1 also prints EXPLAIN (ANALYZE) of every statement those lists run (server stopped first).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { timedStart } from './startup';

const N = Number(process.argv[2] ?? process.env.BENCH_DOCS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS) || 10;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'embedded,postgres').split(',') as ('embedded' | 'postgres')[];
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'bench-password-2026';

const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

function run(env: NodeJS.ProcessEnv, args: string[], input?: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { env, encoding: 'utf8', input, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email, password: PASSWORD, next: '/' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  return cookie;
}

async function time(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return { ms, bytes: body.byteLength };
}

export const SCALE_REQUESTS = [
  { name: 'home (editor)', path: '/', as: 'editor' },
  { name: 'home (viewer)', path: '/', as: 'viewer' },
  { name: '/actions (editor)', path: '/actions', as: 'editor' },
  { name: '/actions (viewer)', path: '/actions', as: 'viewer' },
  { name: '/actions?overdue=true', path: '/actions?overdue=true', as: 'editor' },
  { name: '/launches', path: '/launches', as: 'editor' },
  { name: '/docs', path: '/docs', as: 'editor' },
  { name: 'API documents', path: '/api/v1/documents', as: 'token' },
  { name: 'API documents ?status=published', path: '/api/v1/documents?status=published', as: 'token' },
  { name: 'API documents page 2 (cursor)', path: 'CURSOR:/api/v1/documents', as: 'token' },
  { name: 'API action items', path: '/api/v1/action-items', as: 'token' },
  { name: 'API action items ?overdue=true', path: '/api/v1/action-items?overdue=true', as: 'token' },
  { name: 'API action items page 2 (cursor)', path: 'CURSOR:/api/v1/action-items', as: 'token' },
] as const;

async function bench(kind: 'embedded' | 'postgres') {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PDF_POOL_WARMUP: 'false', SEED_DEMO: 'false' };
  let cleanup = async () => {};
  if (kind === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-scale-'));
    env.DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `kaizen_bench_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.SESSION_SECRET = randomBytes(24).toString('hex');
    cleanup = async () => {
      if (!process.env.BENCH_KEEP) await admin.unsafe(`drop database if exists ${name} with (force)`);
      else console.log(`kept ${url}`);
      await admin.end();
    };
  }
  try {
    const t0 = performance.now();
    console.log(
      `${kind}: ${run(env, ['db/seed-cli.ts', '--synthetic', String(N)])} (${((performance.now() - t0) / 1000).toFixed(1)} s with start-up)`,
    );
    run(
      env,
      ['app/cli.server.ts', 'user', 'add', 'editor@bench.test', '--role', 'editor', '--name', 'Bench Editor', '--password-stdin'],
      PASSWORD,
    );
    run(
      env,
      ['app/cli.server.ts', 'user', 'add', 'viewer@bench.test', '--role', 'viewer', '--name', 'Bench Viewer', '--password-stdin'],
      PASSWORD,
    );
    const token = run(env, ['app/cli.server.ts', 'token', 'create', 'editor@bench.test', '--name', 'bench']);
    const server = await timedStart(env);
    const rows: { name: string; ms: number; bytes: number }[] = [];
    try {
      const headers = {
        editor: { Cookie: await signIn(server.base, 'editor@bench.test') },
        viewer: { Cookie: await signIn(server.base, 'viewer@bench.test') },
        token: { Authorization: `Bearer ${token}` },
      };
      for (const r of SCALE_REQUESTS) {
        let p: string = r.path;
        if (p.startsWith('CURSOR:')) {
          const first = (await (await fetch(`${server.base}${p.slice(7)}`, { headers: headers.token })).json()) as {
            nextCursor: string | null;
          };
          if (!first.nextCursor) throw new Error(`${p}: no next page`);
          p = `${p.slice(7)}?cursor=${encodeURIComponent(first.nextCursor)}`;
        }
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < REQUESTS + 2; i++) {
          const t = await time(`${server.base}${p}`, headers[r.as]);
          if (i >= 2) times.push(t.ms);
          bytes = t.bytes;
        }
        rows.push({ name: r.name, ms: median(times), bytes });
      }
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.on('exit', r));
    }
    console.log(
      `${kind}, ${N} documents, median of ${REQUESTS} requests (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores):`,
    );
    for (const r of rows)
      console.log(
        `  ${r.name.padEnd(36)} ${r.ms.toFixed(1).padStart(8)} ms  ${(r.bytes / 1024).toFixed(0).padStart(5)} KB${r.ms > 100 ? '  over 100 ms' : ''}`,
      );
    if (process.env.BENCH_EXPLAIN) console.log(run(env, ['test/bench/scale-explain.ts']));
  } finally {
    await cleanup();
  }
}

for (const kind of BACKENDS) await bench(kind);
