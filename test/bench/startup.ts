/**
 * Start-up and idle memory (`npm run bench:startup`; not a test). Starts the real `node server.mjs` (built app) on
 * (a) a NEW embedded data folder (migrations + demo content) and (b) a NEW PostgreSQL database (BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/postgres as the admin URL; a database is created and dropped), and prints
 * start to first answer of `/healthz` and the server's RSS 15 s after it answered (BENCH_IDLE_S to change). The PDF
 * pool is left idle (PDF_POOL_WARMUP=false) so the figure is the server's own. BENCH_RUNS (default 1) repeats.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const RUNS = Number(process.env.BENCH_RUNS) || 1;
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 15);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const freePort = () =>
  new Promise<number>((r) => {
    const s = net.createServer();
    s.listen(0, () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });
const cpuMs = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Spawn the server and time until /healthz first answers 200. */
export async function timedStart(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; ms: number; cpu: number; base: string; output: () => string }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['server.mjs'], {
    env: { ...env, PORT: String(port), KAIZEN_SKIP_BUILD_CHECK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  // CPU time spent by the server until then: on a shared machine it says more than the wall time.
  return { child, ms, cpu: cpuMs(child.pid!), base, output: () => out };
}

const stop = (child: ChildProcess) =>
  new Promise<void>((r) => {
    if (child.exitCode !== null) return r();
    child.on('exit', () => r());
    child.kill('SIGTERM');
  });

async function one(kind: 'embedded' | 'postgres') {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PDF_POOL_WARMUP: 'false' };
  let cleanup = async () => {};
  if (kind === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-start-'));
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
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  try {
    const s = await timedStart(env);
    await new Promise((r) => setTimeout(r, IDLE_S * 1000));
    const rss = rssMb(s.child.pid!);
    await stop(s.child);
    return { ms: s.ms, cpu: s.cpu, rss };
  } finally {
    await cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('startup.ts')) {
  console.log(`start to first answer (/healthz) on a new database, and RSS ${IDLE_S} s later; PDF pool idle; ${os.cpus().length} cores`);
  for (const kind of ['embedded', 'postgres'] as const) {
    for (let i = 0; i < RUNS; i++) {
      const r = await one(kind);
      console.log(
        `${kind.padEnd(9)} start ${Math.round(r.ms).toString().padStart(6)} ms (server CPU ${Math.round(r.cpu)} ms)   RSS ${Math.round(r.rss)} MB   load ${os.loadavg()[0].toFixed(1)}`,
      );
    }
  }
}
