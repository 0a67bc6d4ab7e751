/**
 * Live co-editing latency (issue 15: two people "see each other's text, carets and structured-field changes within a
 * second"), measured on real `node server.mjs` processes over their WebSocket with session auth (not a test):
 * `npm run bench:collab`.
 *   - embedded database: one process, two signed-in clients on it;
 *   - PostgreSQL (a new database, dropped after): two processes on it, one client on each, so every change crosses
 *     the relay (LISTEN/NOTIFY) from one process to the other.
 * Each probe is one change by the first client, timed until the second client holds it: a paragraph appended to a
 * rich-text field, a structured field set, and a caret (presence) move. BENCH_PROBES (40) of each, one every
 * BENCH_GAP_MS (150, about a typist's pace between keys); prints the median, 95th percentile and worst per kind.
 * Then the same in Chromium (two browser contexts on the edit pages, BENCH_BROWSER=false skips it): a word typed in
 * one page's rich-text field, timed from its last key's keydown to the other page's editor showing the word, and a
 * structured field typed in one page until the other page's input holds it (both clocks are the machine's).
 *   BENCH_DB=embedded|postgres   only one database
 *   BENCH_DATABASE_URL           admin URL for the PostgreSQL run (default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { appendParagraph, connectCollab, fieldText, type CollabClient } from '../collab/helpers';
import { launchChromium } from '../helpers/chromium';
import { signInOnServer } from '../helpers/server-http';
import { benchDatabase, median, percentile } from './bench-server';

const PROBES = Number(process.env.BENCH_PROBES) || 40;
const GAP_MS = Number(process.env.BENCH_GAP_MS) || 150;
const DEMO_PASSWORD = 'kaizen-demo-2026';
const TITLE = 'Search latency spike after index rebuild';

async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['server.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving on (http:\/\/localhost:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url, child };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Resolves with the time (performance.now()) at which `seen()` first holds after a change of `doc`. */
function whenSeen(doc: Y.Doc, seen: () => boolean, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error(`not seen in ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      if (!seen()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve(performance.now());
    };
    doc.on('update', check);
  });
}

function whenPresence(c: CollabClient, clientId: number, caret: number, timeoutMs = 10_000): Promise<number> {
  const awareness = c.provider.awareness;
  if (!awareness) throw new Error('no awareness');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      awareness.off('change', check);
      reject(new Error(`caret ${caret} not seen in ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      if (awareness.getStates().get(clientId)?.caret !== caret) return;
      clearTimeout(timer);
      awareness.off('change', check);
      resolve(performance.now());
    };
    awareness.on('change', check);
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function documentId(baseUrl: string, cookie: string): Promise<string> {
  const page = await (await fetch(`${baseUrl}/docs?q=${encodeURIComponent(TITLE)}`, { headers: { Cookie: cookie } })).text();
  const id = new RegExp(`href="/docs/([0-9a-f-]{36})">${TITLE}<`).exec(page)?.[1];
  if (!id) throw new Error(`no document "${TITLE}"`);
  return id;
}

async function probe(from: CollabClient, to: CollabClient): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = { 'rich text (paragraph)': [], 'structured field': [], 'caret (presence)': [] };
  const run = Date.now().toString(36);
  for (let i = 1; i <= PROBES; i++) {
    const text = `probe ${run} ${i}`;
    let seen = whenSeen(to.ydoc, () => fieldText(to.ydoc, 'symptoms').includes(text));
    let t0 = performance.now();
    appendParagraph(from.ydoc, 'symptoms', text);
    times['rich text (paragraph)'].push((await seen) - t0);
    await pause(GAP_MS);

    const value = `staging ${run} ${i}`;
    seen = whenSeen(to.ydoc, () => to.ydoc.getMap('fields').get('environment') === value);
    t0 = performance.now();
    from.ydoc.getMap('fields').set('environment', value);
    times['structured field'].push((await seen) - t0);
    await pause(GAP_MS);

    const caret = i;
    seen = whenPresence(to, from.ydoc.clientID, caret);
    t0 = performance.now();
    from.provider.setAwarenessField('caret', caret);
    times['caret (presence)'].push((await seen) - t0);
    await pause(GAP_MS);
  }
  return times;
}

/** A signed-in page on the document's edit page, live (connected and synced). */
async function livePage(browser: Browser, baseUrl: string, email: string, id: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.goto(`${baseUrl}/docs/${id}/edit`);
  await page.getByTestId('editing-now').getByText('(you)').waitFor();
  return page;
}

/** In `page`, the wall-clock time at which `read()` (run in the page every millisecond) first returns `want`. */
function seenAt(page: Page, read: string, want: string): Promise<number> {
  return page.evaluate(
    ({ read, want }) =>
      new Promise<number>((resolve, reject) => {
        const get = new Function(`return (${read})`) as () => string;
        const started = Date.now();
        const timer = setInterval(() => {
          if (get().includes(want)) {
            clearInterval(timer);
            resolve(performance.timeOrigin + performance.now());
          } else if (Date.now() - started > 10_000) {
            clearInterval(timer);
            reject(new Error(`"${want}" not seen in 10 s`));
          }
        }, 1);
      }),
    { read, want },
  );
}

async function browserProbe(browser: Browser, aUrl: string, bUrl: string, id: string): Promise<Record<string, number[]>> {
  const a = await livePage(browser, aUrl, 'demo@kaizen.local', id);
  const b = await livePage(browser, bUrl, 'reviewer@kaizen.local', id);
  // The wall-clock time of the last keydown in page A.
  await a.evaluate(() =>
    document.addEventListener(
      'keydown',
      () => ((window as unknown as { __key: number }).__key = performance.timeOrigin + performance.now()),
      true,
    ),
  );
  const lastKey = () => a.evaluate(() => (window as unknown as { __key: number }).__key);
  const times: Record<string, number[]> = { 'rich text (typed word)': [], 'structured field (typed)': [] };
  const editor = '[data-testid="richtext-f.symptoms"]';
  await a.locator(editor).click();
  await a.keyboard.press('Control+End');
  const n = Math.min(PROBES, 20);
  for (let i = 1; i <= n; i++) {
    const word = ` w${i}q${Date.now() % 1000}z`;
    const seen = seenAt(b, `document.querySelector('${editor}')?.innerText ?? ''`, word.trim());
    await a.keyboard.type(word);
    times['rich text (typed word)'].push((await seen) - (await lastKey()));
    await pause(GAP_MS);
  }
  await a.locator('#f-environment').click();
  for (let i = 1; i <= n; i++) {
    await a.keyboard.press('Control+A');
    const word = `env${i}x${Date.now() % 1000}`;
    const seen = seenAt(b, `document.querySelector('#f-environment')?.value ?? ''`, word);
    await a.keyboard.type(word);
    times['structured field (typed)'].push((await seen) - (await lastKey()));
    await pause(GAP_MS);
  }
  await a.context().close();
  await b.context().close();
  return times;
}

function print(title: string, times: Record<string, number[]>) {
  console.log(`\n${title} (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`);
  console.log(`${'change'.padEnd(26)}  ${'median ms'.padStart(9)}  ${'p95 ms'.padStart(7)}  ${'worst ms'.padStart(8)}`);
  for (const [label, xs] of Object.entries(times))
    console.log(
      `${label.padEnd(26)}  ${median(xs).toFixed(1).padStart(9)}  ${percentile(xs, 95).toFixed(1).padStart(7)}  ${Math.max(...xs)
        .toFixed(1)
        .padStart(8)}`,
    );
}

async function benchKind(kind: 'embedded' | 'postgres') {
  const { env: base, cleanup } = await benchDatabase(kind);
  const env: NodeJS.ProcessEnv = { ...base, PORT: '0', COLLAB: 'true', SEED_DEMO: 'true', KAIZEN_SKIP_BUILD_CHECK: '1' };
  const servers: ChildProcess[] = [];
  const clients: CollabClient[] = [];
  try {
    const a = await startServer(env);
    servers.push(a.child);
    const b = kind === 'postgres' ? await startServer(env) : a;
    if (b !== a) servers.push(b.child);
    const ana = await signInOnServer(a.url, 'demo@kaizen.local', DEMO_PASSWORD);
    const ben = await signInOnServer(b.url, 'reviewer@kaizen.local', DEMO_PASSWORD);
    const id = await documentId(a.url, ana.cookie);
    const one = connectCollab(a.url, id, ana.cookie, 'Ana');
    const two = connectCollab(b.url, id, ben.cookie, 'Ben');
    clients.push(one, two);
    await Promise.all([one.synced, two.synced]);
    await pause(500);
    const where = kind === 'postgres' ? 'two processes, one client on each (through the relay)' : 'one process, two clients';
    print(`${kind}, WebSocket clients: ${where}; ${PROBES} probes of each, one every ${GAP_MS} ms`, await probe(one, two));
    if (process.env.BENCH_BROWSER !== 'false') {
      const browser = await launchChromium();
      try {
        print(`${kind}, Chromium: ${where.replace('client', 'browser page')}`, await browserProbe(browser, a.url, b.url, id));
      } finally {
        await browser.close();
      }
    }
  } finally {
    for (const c of clients) c.close();
    for (const s of servers) await stop(s);
    await cleanup();
  }
}

const which = process.env.BENCH_DB ? [process.env.BENCH_DB as 'embedded' | 'postgres'] : (['embedded', 'postgres'] as const);
for (const kind of which) await benchKind(kind);
