// Stopping: every request that has fully arrived before SIGTERM gets a complete answer and the
// process exits 0; `npm start` under a process manager stops the server when npm gets SIGTERM.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../e2e/helpers';

const REQUESTS = 60;

/** Send one request on a connection of its own; `sent` resolves once it is fully written, `answer` with the whole response. */
function sendOne(port: number, pathname: string) {
  let sent!: () => void;
  const written = new Promise<void>((r) => (sent = r));
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('finish', sent);
    req.end();
  });
  return { written, answer };
}

function pidsWithParent(ppid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(entry));
    } catch {}
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function portRefuses(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`);
    return false;
  } catch {
    return true;
  }
}

describe('stopping the server', () => {
  const started: RunningServer[] = [];
  afterAll(async () => {
    for (const s of started) await s.stop('SIGKILL');
  });

  it(`answers all ${REQUESTS} requests sent just before SIGTERM, then exits 0`, { timeout: 120_000 }, async () => {
    const server = await startServer({ SEED_DEMO: 'false' });
    started.push(server);
    const port = Number(new URL(server.url).port);
    // Pages, API answers and health checks: each fully written on a fresh connection, then SIGTERM at once.
    const paths = ['/login', '/api/v1/templates', '/healthz'];
    const requests = Array.from({ length: REQUESTS }, (_, i) => sendOne(port, paths[i % paths.length]));
    await Promise.all(requests.map((r) => r.written));
    const exited = server.stop('SIGTERM');
    const answers = await Promise.allSettled(requests.map((r) => r.answer));
    const failures = answers.filter((a) => a.status === 'rejected').map((a) => String((a as PromiseRejectedResult).reason));
    expect(failures, server.output()).toEqual([]);
    const statuses = answers.map((a) => (a as PromiseFulfilledResult<{ status: number }>).value.status);
    expect(statuses.filter((s, i) => s !== [200, 401, 200][i % 3])).toEqual([]);
    for (const [i, a] of answers.entries()) {
      const { body } = (a as PromiseFulfilledResult<{ body: string }>).value;
      if (i % 3 === 0) expect(body).toContain('streamController.close()'); // the whole page, to its last script
    }
    expect(await exited).toBe(0);
    expect(await portRefuses(port)).toBe(true);
  });

  it('`npm start` stops the server when npm itself gets SIGTERM (no orphan keeps serving)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-npm-'));
    const npm = spawn('npm', ['start'], {
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, KAIZEN_SKIP_BUILD_CHECK: '1', SEED_DEMO: 'false', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout!.on('data', (d) => (out += d));
    npm.stderr!.on('data', (d) => (out += d));
    const npmExited = new Promise<void>((r) => npm.on('exit', () => r()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not serve in 90 s:\n${out}`)), 90_000);
      npm.stdout!.on('data', () => {
        const m = /serving on http:\/\/localhost:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      npm.on('exit', () => reject(new Error(`npm exited early:\n${out}`)));
    });
    // Whatever npm started, and what that started (without `exec`, sh and then node under it).
    const children = pidsWithParent(npm.pid!);
    children.push(...children.flatMap(pidsWithParent));
    expect(children.length).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    npm.kill('SIGTERM');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (children.some(alive) || !(await portRefuses(port)))) await new Promise((r) => setTimeout(r, 100));
    const orphans = children.filter(alive);
    for (const pid of orphans) process.kill(pid, 'SIGKILL');
    expect(orphans).toEqual([]);
    expect(await portRefuses(port)).toBe(true);
    await npmExited;
    expect(out).toMatch(/Kaizen stopped\./);
  }, 120_000);
});
