import fs from 'node:fs';
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../e2e/helpers';

describe('server process', () => {
  const started: RunningServer[] = [];
  afterAll(async () => {
    for (const s of started) await s.stop('SIGKILL');
  });

  let firstDataDir = '';

  it('starts on a new data folder, answers /healthz, and exits 0 within 10 s of SIGTERM, finishing a request in flight', {
    timeout: 120_000,
  }, async () => {
    const t0 = Date.now();
    const first = await startServer();
    started.push(first);
    const firstAnswer = await fetch(`${first.url}/healthz`);
    const startToFirstAnswer = Date.now() - t0;
    expect(firstAnswer.status).toBe(200);
    expect(await firstAnswer.json()).toEqual({ ok: true, database: 'pglite' });
    expect(first.output()).toMatch(/Demo content was added/);
    const login = await fetch(`${first.url}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(login.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');

    const huge = await fetch(`${first.url}/api/v1/documents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'x'.repeat(6 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('too_large');

    // An in-flight request is finished, not cut off: half its body is sent before SIGTERM, the rest after.
    const body = new URLSearchParams({ email: 'nobody@example.com', password: 'wrong password', next: '/' }).toString();
    const port = Number(new URL(first.url).port);
    let sendRest = () => {};
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/login',
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      sendRest = () => req.end(body.slice(10));
    });
    await new Promise((r) => setTimeout(r, 200));
    const tStop = Date.now();
    const stopped = first.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    sendRest();
    expect(await inFlight).toBe(400);
    expect(await stopped).toBe(0);
    expect(Date.now() - tStop).toBeLessThan(10_000);
    expect(fs.existsSync(`${first.dataDir}/kaizen.lock`)).toBe(false);
    firstDataDir = first.dataDir;
    console.log(`start to first answer on a new data folder: ${startToFirstAnswer} ms`);
  });

  // Its own test (and time budget): a first start on a new folder migrates and seeds, which is slow on a loaded machine.
  it('keeps the data across that restart and exits 0 on SIGINT', async () => {
    expect(firstDataDir).not.toBe('');
    const second = await startServer({ DATA_DIR: firstDataDir });
    started.push(second);
    expect(second.output()).not.toMatch(/Demo content was added/);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('refuses to start with a bad configuration, naming the variable', async () => {
    await expect(startServer({ PORT: 'eighty' })).rejects.toThrow(/PORT/);
    await expect(startServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' })).rejects.toThrow(
      /SESSION_SECRET is required/,
    );
  });
});
