/**
 * What the shared rate limits cost an API request (`npm run bench:limits`; not a test): two `node server.mjs`
 * processes on one fresh PostgreSQL database (BENCH_DATABASE_URL as the admin URL; created and dropped), one with the
 * API limits on (set high enough never to refuse) and one with them off (0). Requests alternate between the two, so
 * both see the same machine load; prints the median and p90 of `GET /api/v1/documents/:id` over BENCH_RUNS pairs
 * (default 300) and the ratio.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import postgres from 'postgres';

const RUNS = Number(process.env.BENCH_RUNS) || 300;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const quantile = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const freePort = () =>
  new Promise<number>((r) => {
    const s = net.createServer();
    s.listen(0, () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });

const name = `kaizen_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const common = {
  ...process.env,
  DATABASE_URL: url.toString(),
  SESSION_SECRET: randomBytes(24).toString('hex'),
  SEED_DEMO: 'false',
  LOG_LEVEL: 'warn',
};
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'app/cli.server.ts', ...args], { env: common, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};
const servers: ChildProcess[] = [];
async function start(limits: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs'], {
    env: { ...common, ...limits, PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  servers.push(child);
  await new Promise<void>((r) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('serving on') && r()));
  return `http://127.0.0.1:${port}`;
}
// One after the other: the first migrates the new database.
const limited = await start({ API_TOKEN_PER_MINUTE: '1000000', API_ADDRESS_PER_MINUTE: '1000000' });
const open = await start({ API_TOKEN_PER_MINUTE: '0', API_ADDRESS_PER_MINUTE: '0' });
try {
  cli('user', 'add', 'bench@example.test', '--role', 'editor', '--name', 'Bench');
  const auth = { Authorization: `Bearer ${cli('token', 'create', 'bench@example.test', '--name', 'bench')}` };
  const created = await fetch(`${limited}/api/v1/documents`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ template: 'blameless-rca', title: 'Bench', fields: {} }),
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const { id } = await created.json();
  const get = async (base: string) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/documents/${id}`, { headers: auth });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`get: ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 30; i++) await Promise.all([get(limited), get(open)]);
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2) {
      on.push(await get(limited));
      off.push(await get(open));
    } else {
      off.push(await get(open));
      on.push(await get(limited));
    }
  }
  const fmt = (xs: number[]) => `median ${quantile(xs, 0.5).toFixed(2)} ms, p90 ${quantile(xs, 0.9).toFixed(2)} ms`;
  console.log(`GET /api/v1/documents/:id over ${RUNS} alternating pairs (PostgreSQL, one client):`);
  console.log(`  limits on : ${fmt(on)}`);
  console.log(`  limits off: ${fmt(off)}`);
  console.log(`  median ratio on/off: ${(quantile(on, 0.5) / quantile(off, 0.5)).toFixed(2)}`);
} finally {
  for (const s of servers) s.kill('SIGTERM');
  await Promise.all(servers.map((s) => new Promise((r) => s.on('exit', r))));
  await admin.unsafe(`drop database ${name}`);
  await admin.end();
}
