/**
 * Memory of a real server (`npm run bench:pdf-rss`; not a test): `node server.mjs` on a fresh PostgreSQL database
 * (BENCH_DATABASE_URL as the admin URL, a database is created and dropped) and on a new embedded data directory. Prints
 * the resident memory (VmRSS) of the server's process tree 15 s after it starts listening (targets: 250 MB on
 * PostgreSQL, 350 MB embedded), then on PostgreSQL after a PDF export (a PDF worker started) and after the workers'
 * idle timeout (PDF_POOL_IDLE_MS, 5 s here) has stopped them again.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { longRcaDocument } from '../fixtures/pdf-long-rca';

const IDLE_AFTER_START_MS = Number(process.env.BENCH_IDLE_MS) || 15_000;
const POOL_IDLE_MS = 5_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise<number>((r) => {
    const s = net.createServer();
    s.listen(0, () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });

/** VmRSS of a process and all its descendants, in MB. */
export function treeRssMb(pid: number): number {
  const kb = (p: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  const children = (p: number): number[] =>
    fs.readdirSync(`/proc/${p}/task`).flatMap((t) => {
      try {
        return fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      total += kb(p);
      stack.push(...children(p));
    } catch {
      // the process ended while being read
    }
  }
  return total / 1024;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['server.mjs'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (d: Buffer) => d.toString().includes('serving on') && resolve());
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return server;
}
const stop = async (server: ChildProcess) => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
};

const results: string[] = [];
// PostgreSQL
{
  const name = `kaizen_rss_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    SESSION_SECRET: randomBytes(24).toString('hex'),
    PDF_POOL_IDLE_MS: String(POOL_IDLE_MS),
    PORT: String(await freePort()),
  };
  const server = await startServer(env);
  try {
    await sleep(IDLE_AFTER_START_MS);
    results.push(
      `PostgreSQL: idle ${IDLE_AFTER_START_MS / 1000} s after start   ${treeRssMb(server.pid!).toFixed(0)} MB   (target <= 250 MB)`,
    );
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'app/cli.server.ts', ...args], { env, encoding: 'utf8' }).stdout.trim();
    cli('user', 'add', 'rss@example.test', '--role', 'editor', '--name', 'Rss');
    const auth = { Authorization: `Bearer ${cli('token', 'create', 'rss@example.test', '--name', 'rss')}` };
    const long = longRcaDocument();
    const base = `http://127.0.0.1:${env.PORT}`;
    const res = await fetch(`${base}/api/v1/documents`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ template: 'blameless-rca', title: long.title, tags: long.tags, fields: long.fields }),
    });
    const { id } = await res.json();
    const pdf = await fetch(`${base}/api/v1/documents/${id}/pdf`, { headers: auth });
    if (pdf.status !== 200) throw new Error(`pdf: ${pdf.status}`);
    await pdf.arrayBuffer();
    results.push(`PostgreSQL: just after a PDF export      ${treeRssMb(server.pid!).toFixed(0)} MB`);
    await sleep(POOL_IDLE_MS + 3_000);
    results.push(`PostgreSQL: ${POOL_IDLE_MS / 1000} s idle pool timeout + 3 s  ${treeRssMb(server.pid!).toFixed(0)} MB`);
  } finally {
    await stop(server);
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
// Embedded (PGlite), a new data directory: migrations and demo content at start
{
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-rss-'));
  const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(await freePort()) };
  const server = await startServer(env);
  try {
    await sleep(IDLE_AFTER_START_MS);
    results.push(
      `embedded:   idle ${IDLE_AFTER_START_MS / 1000} s after start   ${treeRssMb(server.pid!).toFixed(0)} MB   (target <= 350 MB)`,
    );
  } finally {
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
console.log(`server process tree RSS (${os.loadavg()[0].toFixed(1)} load average)`);
for (const r of results) console.log(`  ${r}`);
