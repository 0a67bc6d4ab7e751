import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import type { Database } from '../../db/client';
import { createApiToken } from '../../app/models/user.server';
import type { Actor } from '../../app/models/types';
import { TEST_PASSWORD } from './factories';

export const ORIGIN = 'http://kaizen.test';
let buildPromise: Promise<ServerBuild> | undefined;

/** The real Remix server build (made current by the global set-up), driven without a socket. */
export function loadBuild(): Promise<ServerBuild> {
  buildPromise ??= import(pathToFileURL(path.resolve('build/index.js')).href) as Promise<ServerBuild>;
  return buildPromise;
}

export type TestApp = {
  fetch: (pathname: string, init?: RequestInit) => Promise<Response>;
  /** Sign in through the login form; returns the Cookie header value. */
  signIn: (actor: Actor, password?: string) => Promise<string>;
  /** A Bearer token for the actor. */
  token: (actor: Actor) => Promise<string>;
  /** The CSRF token of a signed-in cookie, read from a page. */
  csrf: (cookie: string) => Promise<string>;
};

/** `now`: the clock the app reads (requestNow); a test moves it to see what changes with time. */
export async function createTestApp(db: Database, opts: { now?: () => Date } = {}): Promise<TestApp> {
  const build = await loadBuild();
  const handler = createRequestHandler(build, 'production');
  // A load context per request, as server.mjs makes them (per-request memos are keyed by it).
  const context = () => ({
    db,
    config: { sessionSecret: 'test-secret-test-secret', databaseKind: 'pglite' as const },
    cspNonce: 'test-nonce',
    now: opts.now ?? (() => new Date()),
  });
  // Remix compares a form post's Origin with the Host header, as it would behind the real server.
  const fetch = (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('host')) headers.set('host', new URL(ORIGIN).host);
    return handler(new Request(new URL(pathname, ORIGIN), { redirect: 'manual', ...init, headers }), context());
  };
  const app: TestApp = {
    fetch,
    async signIn(actor, password = TEST_PASSWORD) {
      const res = await fetch('/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
        body: new URLSearchParams({ email: actor.email, password, next: '/' }),
      });
      const cookie = res.headers.get('set-cookie');
      if (res.status !== 302 || !cookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      return cookie.split(';')[0];
    },
    async token(actor) {
      return (await createApiToken(db, { email: actor.email, name: 'test' })).token;
    },
    async csrf(cookie) {
      const html = await (await fetch('/docs', { headers: { Cookie: cookie } })).text();
      const m = /name="csrf" value="([^"]+)"/.exec(html);
      if (!m) throw new Error('no csrf token on the page');
      return m[1];
    },
  };
  return app;
}
