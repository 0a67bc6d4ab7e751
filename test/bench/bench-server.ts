/**
 * Plumbing shared by the HTTP benchmarks (bench:scale, bench:similar): a new embedded folder or a new PostgreSQL
 * database (BENCH_DATABASE_URL is the admin URL, default postgres://postgres@127.0.0.1:5432/postgres; created and
 * dropped, BENCH_KEEP=1 keeps it), the CLI run with tsx, sign-in and a timed request.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PASSWORD = 'bench-password-2026';

export const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

export function run(env: NodeJS.ProcessEnv, args: string[], input?: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { env, encoding: 'utf8', input, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

export async function signIn(base: string, email: string): Promise<string> {
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

export async function time(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return { ms, bytes: body.byteLength };
}

export async function benchDatabase(kind: 'embedded' | 'postgres'): Promise<{ env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
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
  return { env, cleanup };
}

export const percentile = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)];
};
