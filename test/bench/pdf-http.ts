/**
 * PDF export over HTTP, as a user waits for it (`npm run bench:pdf-http`; not a test): a real `node server.mjs` on a
 * fresh PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres as the admin URL;
 * a database is created and dropped), Bearer-token auth, the fixed long RCA of test/fixtures/pdf-long-rca.ts created
 * through the API. Prints medians over BENCH_RUNS documents (default 15) of (a) the first, uncached
 * `GET /api/v1/documents/:id/pdf`, (b) a repeat download of the same content (from the stored PDF), and (c) headless
 * Chromium printing the same content (browser already running), with the ratio (a)/(c); then BENCH_REPEATS (default
 * 200) downloads of one document in a row, with the server's CPU time per request, and as many revalidations of it
 * (If-None-Match with its ETag: 304 without the bytes). BENCH_KEEP_DB=1 keeps the
 * database for a look at its queries.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import postgres from 'postgres';
import { launchChromium } from '../helpers/chromium';
import { CHROMIUM_FOOTER, documentHtml } from './html';
import { LONG_RCA_EXPORTED_AT, longRcaDocument } from '../fixtures/pdf-long-rca';

const RUNS = Number(process.env.BENCH_RUNS) || 15;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
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
const server = spawn(process.execPath, ['server.mjs'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let ready: () => void;
const started = new Promise<void>((r) => (ready = r));
server.stdout.on('data', (d: Buffer) => d.toString().includes('serving on') && ready());
await started;
const base = `http://127.0.0.1:${env.PORT}`;
try {
  cli('user', 'add', 'bench@example.test', '--role', 'editor', '--name', 'Bench');
  const token = cli('token', 'create', 'bench@example.test', '--name', 'bench');
  const auth = { Authorization: `Bearer ${token}` };
  const long = longRcaDocument();
  const nextSteps = long.actionItems.map((a) => ({ title: a.title, kind: a.kind }));
  const ids: string[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const res = await fetch(`${base}/api/v1/documents`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        template: 'blameless-rca',
        title: `${long.title} #${i}`,
        tags: long.tags,
        fields: { ...long.fields, nextSteps },
      }),
    });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
    ids.push((await res.json()).id);
  }
  const get = async (id: string, etag?: string) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/documents/${id}/pdf`, { headers: etag ? { ...auth, 'If-None-Match': etag } : auth });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (etag ? res.status !== 304 : res.status !== 200 || bytes.subarray(0, 5).toString() !== '%PDF-')
      throw new Error(`pdf: ${res.status}`);
    return { ms: performance.now() - t0, cache: res.headers.get('x-kaizen-pdf-cache'), etag: res.headers.get('etag') ?? '' };
  };
  await get(ids[0]); // warm-up: the pool's first render in this process
  const first: number[] = [];
  const repeat: number[] = [];
  for (const id of ids.slice(1)) {
    const a = await get(id);
    if (a.cache !== 'miss') throw new Error(`expected an uncached render, got ${a.cache}`);
    first.push(a.ms);
    const b = await get(id);
    if (b.cache !== 'hit') throw new Error(`expected a cache hit, got ${b.cache}`);
    repeat.push(b.ms);
  }
  // The same document downloaded again and again: wall time and the server's CPU time per request (Linux /proc).
  const REPEATS = Number(process.env.BENCH_REPEATS) || 200;
  const cpuMs = () => {
    try {
      const f = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {
      return Number.NaN;
    }
  };
  const again: number[] = [];
  const cpu0 = cpuMs();
  for (let i = 0; i < REPEATS; i++) again.push((await get(ids[1])).ms);
  const cpuEach = (cpuMs() - cpu0) / REPEATS;
  // The same, revalidated: If-None-Match with the current ETag, answered 304 without the bytes.
  const etag = (await get(ids[1])).etag;
  const revalidated: number[] = [];
  const cpu1 = cpuMs();
  for (let i = 0; i < REPEATS; i++) revalidated.push((await get(ids[1], etag)).ms);
  const cpu304 = (cpuMs() - cpu1) / REPEATS;
  const browser = await launchChromium();
  const page = await browser.newPage();
  const html = documentHtml(long, LONG_RCA_EXPORTED_AT);
  const chrome: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    await page.setContent(html);
    await page.pdf({
      format: 'A4',
      displayHeaderFooter: true,
      footerTemplate: CHROMIUM_FOOTER(long, LONG_RCA_EXPORTED_AT),
      headerTemplate: '<span></span>',
    });
    if (i) chrome.push(performance.now() - t0);
  }
  await browser.close();
  const [f, r, c] = [median(first), median(repeat), median(chrome)];
  console.log(`long RCA, ${RUNS} documents, over HTTP with token auth (PostgreSQL, one server process)`);
  console.log(`  uncached PDF over HTTP   median ${f.toFixed(1)} ms`);
  console.log(`  Chromium print (warm)    median ${c.toFixed(1)} ms   ratio ${(f / c).toFixed(2)} (target <= 1.0)`);
  console.log(`  repeat download (cached) median ${r.toFixed(1)} ms   (target <= 5 ms)`);
  console.log(`  ${REPEATS} repeats in a row      median ${median(again).toFixed(1)} ms   server CPU ${cpuEach.toFixed(2)} ms per request`);
  console.log(
    `  ${REPEATS} revalidations (304)   median ${median(revalidated).toFixed(1)} ms   server CPU ${cpu304.toFixed(2)} ms per request`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (process.env.BENCH_KEEP_DB) console.log(`kept database ${name}`);
  else await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
