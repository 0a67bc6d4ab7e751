/**
 * Page throughput and cost on a real server (`npm run bench:pages`; not a test). For each database — a new embedded
 * data dir and a fresh PostgreSQL database (BENCH_DATABASE_URL is the admin URL, default
 * postgres://postgres@127.0.0.1:5432/postgres; the database is created and dropped) — it:
 *   1. boots the database in this process (migrations, templates, demo content) and adds BENCH_DOCS copies of the
 *      long RCA of test/fixtures/pdf-long-rca.ts (40 timeline rows, pages of rich text, 12 action items), half of
 *      them published, by an author and a reviewer; then closes it;
 *   2. starts `node server.mjs` (NODE_ENV=production) on it and signs the author in through the login form;
 *   3. waits until the server is idle (the PDF workers warm up in the background), then runs autocannon with
 *      BENCH_CONNECTIONS (10) connections for BENCH_SECONDS (8) on `/healthz` and on each page, and `/healthz` again.
 * Per row: req/s, the ratio to `/healthz` (mean of the two runs), the server's CPU time per request (utime + stime of
 * its pid from /proc, which includes its worker threads) and its RSS after the run. Every answer must be a 200.
 *   BENCH_DB=embedded|postgres   only one database
 *   BENCH_PAGES=doc,home         only the rows whose label contains one of these
 *   BENCH_PROFILE=/tmp/prof      run the server under `node --cpu-prof --cpu-prof-dir=…` (see profile-top.ts)
 * Targets (issue 14): document page req/s ÷ healthz ≥ 0.3; CPU per request ≤ 4 ms on the document, home, library and
 * insights pages.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { boot } from '../../app/boot.server';
import { createUser, toActor } from '../../app/models/user.server';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { longRcaDocument } from '../fixtures/pdf-long-rca';
import { ensureBuild } from '../../server.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS) || 8;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS) || 10;
const DOCS = Number(process.env.BENCH_DOCS) || 20;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const onlyPages = process.env.BENCH_PAGES?.split(',').filter(Boolean);
const profileDir = process.env.BENCH_PROFILE;
const PASSWORD = 'bench-password-2026';
const AUTHOR = 'bench-author@example.test';
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

const freePort = () =>
  new Promise<number>((r) => {
    const s = net.createServer();
    s.listen(0, () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU time the process (all its threads) has used, in ms. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on: utime is the 14th, stime the 15th
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** Wait until the server uses (almost) no CPU for a second: start-up and the PDF workers' warm-up are not page cost. */
async function waitIdle(pid: number) {
  let quiet = 0;
  for (let i = 0; i < 120 && quiet < 2; i++) {
    const a = cpuMs(pid);
    await sleep(500);
    quiet = cpuMs(pid) - a <= 20 ? quiet + 1 : 0;
  }
}

type Env = Record<string, string | undefined>;

/** Migrate, seed and add the long documents in this process; returns the ids of one draft and one published. */
async function prepare(env: Env): Promise<{ draft: string; published: string }> {
  const booted = await boot({ ...env, SEED_DEMO: 'true' } as unknown as NodeJS.ProcessEnv);
  const db = booted.database.db;
  try {
    const author = toActor(await createUser(db, { email: AUTHOR, name: 'Bench Author', role: 'editor', password: PASSWORD }), 'system');
    const reviewer = toActor(
      await createUser(db, { email: 'bench-reviewer@example.test', name: 'Bench Reviewer', role: 'editor', password: PASSWORD }),
      'system',
    );
    const long = longRcaDocument();
    const nextSteps = long.actionItems.map((a) => ({ title: a.title, kind: a.kind, owner: 'Grace Hopper', dueDate: '2026-01-15' }));
    const ids = { draft: '', published: '' };
    for (let i = 0; i < DOCS; i++) {
      const doc = await createDocument(db, {
        actor: author,
        input: {
          template: 'blameless-rca',
          title: `${long.title} #${i + 1}`,
          severity: i % 3 ? 'SEV2' : 'SEV1',
          service: ['checkout', 'payments', 'search'][i % 3],
          tags: long.tags,
          fields: { ...long.fields, nextSteps },
        },
      });
      if (i % 2) {
        const r = await transitionDocument(db, { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } });
        await transitionDocument(db, { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
        ids.published = doc.id;
      } else ids.draft = doc.id;
    }
    return ids;
  } finally {
    await booted.database.close();
  }
}

async function startServer(env: Env) {
  const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), 'server.mjs'];
  const child = spawn(process.execPath, args, {
    env: { ...env, NODE_ENV: 'production' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('serving on') && resolve());
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return child;
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: AUTHOR, password: PASSWORD, next: '/' }),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 302 || !cookie) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0];
}

type Row = { label: string; path: string; rps: number; cpuPerReq: number; rssMb: number; p50: number; p99: number };

async function measure(pid: number, base: string, label: string, path: string, cookie: string): Promise<Row> {
  // Every page must answer 200 with the page itself (not the sign-in page): a short check before the run.
  const check = await fetch(base + path, { headers: { Cookie: cookie }, redirect: 'manual' });
  if (check.status !== 200) throw new Error(`${path}: ${check.status}`);
  await check.arrayBuffer();
  const before = cpuMs(pid);
  const r = await autocannon({
    url: base + path,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie, 'accept-encoding': 'gzip' },
  });
  const cpu = cpuMs(pid) - before;
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${path}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  const ok = r['2xx'];
  return { label, path, rps: ok / (r.duration || SECONDS), cpuPerReq: cpu / ok, rssMb: rssMb(pid), p50: r.latency.p50, p99: r.latency.p99 };
}

async function benchDatabase(kind: 'embedded' | 'postgres') {
  const port = await freePort();
  const base: Env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SESSION_SECRET: randomBytes(24).toString('hex'),
    PORT: String(port),
    SEED_DEMO: 'false',
    KAIZEN_SKIP_BUILD_CHECK: '1',
    PDF_POOL_SIZE: process.env.PDF_POOL_SIZE,
  };
  let cleanup = async () => {};
  let env: Env;
  if (kind === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-'));
    env = { ...base, DATA_DIR: dir };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `kaizen_bench_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env = { ...base, DATABASE_URL: url.toString() };
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const rows: Row[] = [];
  try {
    const t0 = performance.now();
    const ids = await prepare(env);
    console.log(`${kind}: ${DOCS} long RCAs added in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const server = await startServer(env);
    const pid = server.pid!;
    try {
      const origin = `http://127.0.0.1:${port}`;
      const cookie = await signIn(origin);
      await waitIdle(pid);
      const idleRss = rssMb(pid);
      const pages: [string, string][] = [
        ['document (long RCA, draft, author)', `/docs/${ids.draft}`],
        ['document (long RCA, published)', `/docs/${ids.published}`],
        ['home', '/'],
        ['library', '/library'],
        ['insights', '/insights'],
        ['docs', '/docs'],
        ['actions', '/actions'],
        ['launches', '/launches'],
        // The floor: the layout, the session and Remix around a form of two fields (what every page pays).
        ['smallest page (/account/password)', '/account/password'],
      ];
      const wanted = pages.filter(([label]) => !onlyPages || onlyPages.some((p) => label.includes(p)));
      // One warm-up request per page: the first render of each route loads its modules.
      for (const [, p] of wanted) await (await fetch(origin + p, { headers: { Cookie: cookie } })).arrayBuffer();
      // A profile is of the pages alone; /healthz rows would only dilute it.
      if (!profileDir) rows.push(await measure(pid, origin, 'healthz', '/healthz', cookie));
      for (const [label, p] of wanted) rows.push(await measure(pid, origin, label, p, cookie));
      if (!profileDir) rows.push(await measure(pid, origin, 'healthz (again)', '/healthz', cookie));
      print(kind, rows, idleRss);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  } finally {
    await cleanup();
  }
}

function print(kind: string, rows: Row[], idleRss: number) {
  const health = rows.filter((r) => r.path === '/healthz');
  const healthRps = health.length ? health.reduce((s, r) => s + r.rps, 0) / health.length : NaN;
  console.log(
    `\n${kind}: ${CONNECTIONS} connections, ${SECONDS} s per row, RSS ${idleRss.toFixed(0)} MB idle after sign-in (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`,
  );
  const header = ['page', 'req/s', '÷ healthz', 'CPU ms/req', 'p50 ms', 'p99 ms', 'RSS MB'];
  const table = rows.map((r) => [
    r.label,
    r.rps.toFixed(0),
    r.path === '/healthz' ? '' : (r.rps / healthRps).toFixed(2),
    r.cpuPerReq.toFixed(1),
    String(r.p50),
    String(r.p99),
    r.rssMb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
}

const which = process.env.BENCH_DB ? [process.env.BENCH_DB as 'embedded' | 'postgres'] : (['embedded', 'postgres'] as const);
ensureBuild(); // the server is then started with the build check skipped
for (const kind of which) await benchDatabase(kind);
