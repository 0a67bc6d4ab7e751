import { afterAll, beforeAll, expect } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';

export const DEMO = { email: 'demo@kaizen.local', password: 'kaizen-demo-2026' };
/** The seeded second editor: publishing is approved by someone other than the author. */
export const DEMO_REVIEWER = { email: 'reviewer@kaizen.local', password: 'kaizen-demo-2026' };

export type RunningServer = {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/**
 * Start `node server.mjs` on a free port with a fresh DATA_DIR (the embedded database, seeded).
 * A variable given as undefined is removed from the server's environment.
 */
export async function startServer(env: Record<string, string | undefined> = {}): Promise<RunningServer> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-'));
  const merged: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    KAIZEN_SKIP_BUILD_CHECK: '1',
    NODE_ENV: 'production',
    ...env,
  };
  const child = spawn(process.execPath, ['server.mjs'], {
    env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /serving on (http:\/\/localhost:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    dataDir,
    process: child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export const launchBrowser = launchChromium;

export async function signIn(page: Page, baseUrl: string, creds = DEMO): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/**
 * A server on a fresh DATA_DIR and a browser for the enclosing describe block: started before its
 * tests, closed after them; the server must then exit 0 on SIGTERM.
 */
export function useServerAndBrowser(env: Record<string, string> = {}): { server: () => RunningServer; browser: () => Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(env), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    const code = await server?.stop();
    expect(code).toBe(0);
  });
  return {
    server: () => server ?? fail('server not started'),
    browser: () => browser ?? fail('browser not started'),
  };
}

function fail(message: string): never {
  throw new Error(message);
}
