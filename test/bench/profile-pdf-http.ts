/**
 * Where the time of a PDF request over HTTP goes (not a test): `npx tsx test/bench/profile-pdf-http.ts [cached|uncached]`.
 * Starts `node --cpu-prof server.mjs` on a fresh PostgreSQL database (as bench:pdf-http does), sends PROFILE_REQUESTS
 * (default 300 cached, 15 uncached) token-authenticated requests for the long reference RCA, stops the server and
 * prints the functions with the most self time in the server's main thread (the PDF workers render in other threads,
 * see test/bench/profile-render.ts for the render itself).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { longRcaDocument } from '../fixtures/pdf-long-rca';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };

/**
 * Self time per function (name, file, line), highest first, as share of the samples taken between `from` and `to`
 * (microseconds of the monotonic clock, as `process.hrtime` and V8's profiler count them).
 */
export function topSelfTime(profile: Profile, from = 0, to = Infinity, n = 30): { share: number; ms: number; where: string }[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < from || at > to) return;
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '');
    const key = `${f.functionName || '(anonymous)'} ${path.basename(path.dirname(file))}/${path.basename(file)}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([where, us]) => ({ share: us / total, ms: us / 1000, where }));
}

/** CPU time (user + system) a process used so far, in ms, from /proc (Linux); NaN elsewhere. */
function serverCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), counted from the state (field 3) here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

const mode = process.argv[2] === 'uncached' ? 'uncached' : 'cached';
const REQUESTS = Number(process.env.PROFILE_REQUESTS) || (mode === 'cached' ? 300 : 15);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const freePort = () =>
  new Promise<number>((r) => {
    const s = net.createServer();
    s.listen(0, () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });

const name = `kaizen_prof_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-prof-'));
const env = {
  ...process.env,
  DATABASE_URL: url.toString(),
  SESSION_SECRET: randomBytes(24).toString('hex'),
  SEED_DEMO: 'false',
  PDF_USER_PER_MINUTE: '100000',
  PDF_ADDRESS_PER_MINUTE: '100000',
  API_TOKEN_PER_MINUTE: '100000',
  API_ADDRESS_PER_MINUTE: '100000',
  PORT: String(await freePort()),
};
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'app/cli.server.ts', ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};
const server = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, 'server.mjs'], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((r) => server.stdout.on('data', (d: Buffer) => d.toString().includes('serving on') && r()));
const window = [0, Infinity];
const base = `http://127.0.0.1:${env.PORT}`;
try {
  cli('user', 'add', 'bench@example.test', '--role', 'editor', '--name', 'Bench');
  const auth = { Authorization: `Bearer ${cli('token', 'create', 'bench@example.test', '--name', 'bench')}` };
  const long = longRcaDocument();
  const create = async (i: number) => {
    const res = await fetch(`${base}/api/v1/documents`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        template: 'blameless-rca',
        title: `${long.title} #${i}`,
        tags: long.tags,
        fields: { ...long.fields, nextSteps: long.actionItems.map((a) => ({ title: a.title, kind: a.kind })) },
      }),
    });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
    return (await res.json()).id as string;
  };
  const get = async (id: string) => {
    const res = await fetch(`${base}/api/v1/documents/${id}/pdf`, { headers: auth });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`pdf: ${res.status}`);
  };
  const ids = mode === 'cached' ? [await create(0)] : await Promise.all(Array.from({ length: REQUESTS + 1 }, (_, i) => create(i)));
  await get(ids[0]);
  window[0] = Number(process.hrtime.bigint() / 1000n);
  const cpu0 = serverCpuMs(server.pid!);
  const t0 = performance.now();
  for (let i = 0; i < REQUESTS; i++) await get(mode === 'cached' ? ids[0] : ids[i + 1]);
  window[1] = Number(process.hrtime.bigint() / 1000n);
  const cpu = serverCpuMs(server.pid!) - cpu0;
  console.log(
    `${REQUESTS} ${mode} requests, ${((performance.now() - t0) / REQUESTS).toFixed(1)} ms each (wall, one at a time), ` +
      `server CPU ${(cpu / REQUESTS).toFixed(2)} ms each (user + system, all threads, profiler included)`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
const files = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
// CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (the workers are 1, 2, …).
const main = files.map((f) => path.join(profDir, f)).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
if (!main) throw new Error(`no profile written in ${profDir}`);
console.log(`profile: ${main} window: ${window[0]} ${window[1]}`);
for (const row of topSelfTime(JSON.parse(fs.readFileSync(main, 'utf8')), window[0], window[1]))
  console.log(`${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(6)} ms  ${row.where}`);
