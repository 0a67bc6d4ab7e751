// The HTTP boundary of a real `node server.mjs`: hostile proxy headers, hosts, methods, paths and
// bodies get a 4xx in Kaizen's own shape (JSON under /api, the app's error page elsewhere) with a
// request id, never a 500 or a stack trace; forwarded headers count only with TRUST_PROXY.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createApiToken } from '../../app/models/user.server';
import { startServer, type RunningServer } from '../e2e/helpers';
import { createTestActor, rcaInput } from '../helpers/factories';
import { rawRequest, type RawAnswer } from '../helpers/server-http';

const STACK_OR_PATH = /\n\s+at |node_modules|\/work\/|\.mjs|TypeError|URIError|Invalid URL/;
const LIMIT = 5 * 1024 * 1024;

/** Kaizen's own error answer: the request id in the header and in the body, nothing internal. */
function expectOwnError(res: RawAnswer, status: number, kind: 'api' | 'page', code?: string) {
  expect(res.status).toBe(status);
  expect(res.body).not.toMatch(STACK_OR_PATH);
  const id = res.headers['x-request-id'];
  expect(id).toMatch(/^[A-Za-z0-9_-]{8,}$/);
  if (kind === 'api') {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(res.body);
    expect(body.error).toMatchObject({ message: expect.any(String), requestId: id, ...(code ? { code } : {}) });
  } else {
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(`<title>Error ${status} · Kaizen</title>`);
    expect(res.body).toContain(`<code class="request-id">${id}</code>`);
  }
}

describe('HTTP boundary, forwarded headers not trusted (the default)', () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-boundary-'));
    const opened = await openDatabase({ dataDir });
    await syncBuiltInTemplates(opened.db);
    const editor = await createTestActor(opened.db, 'editor');
    token = (await createApiToken(opened.db, { email: editor.email, name: 'boundary test' })).token;
    await opened.close();
    // No NODE_ENV at all, as under `npm start`.
    server = await startServer({ DATA_DIR: dataDir, SEED_DEMO: 'false', NODE_ENV: undefined });
  }, 120_000);
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });
  const auth = () => ({ Authorization: `Bearer ${token}` });

  it('runs in production mode when NODE_ENV is not set', () => {
    expect(server.output()).toMatch(/serving on http:\/\/localhost:\d+ \(.*NODE_ENV=production/);
  });

  it('ignores malformed and untrusted X-Forwarded-Proto / X-Forwarded-Host instead of crashing', async () => {
    const cases: Record<string, string>[] = [
      { 'X-Forwarded-Proto': 'a b' },
      { 'X-Forwarded-Host': 'a b' },
      { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' },
    ];
    for (const headers of cases) {
      const anon = await rawRequest(server.url, { path: '/api/v1/documents', headers });
      expectOwnError(anon, 401, 'api', 'unauthorized');
      const res = await rawRequest(server.url, { path: '/api/v1/documents', headers: { ...headers, ...auth() } });
      expect(res.status).toBe(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    // An untrusted X-Forwarded-Host does not decide which origin a form post must come from.
    const port = new URL(server.url).port;
    const spoofed = await rawRequest(server.url, {
      method: 'POST',
      path: '/login',
      headers: { 'X-Forwarded-Host': 'evil.example', Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.c&password=x',
    });
    expectOwnError(spoofed, 403, 'page');
    const sameOrigin = await rawRequest(server.url, {
      method: 'POST',
      path: '/login',
      headers: {
        'X-Forwarded-Host': 'evil.example',
        Origin: `http://localhost:${port}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'email=a%40b.c&password=x',
    });
    expect(sameOrigin.status).toBe(400); // the login form's own answer to a wrong password
  });

  it('answers a malformed Host header with 400', async () => {
    for (const host of ['a b', 'exa mple.com:80', 'host:99999', 'x/y', '[zz]']) {
      expectOwnError(
        await rawRequest(server.url, { path: '/api/v1/documents', headers: { Host: host, ...auth() } }),
        400,
        'api',
        'bad_request',
      );
      expectOwnError(await rawRequest(server.url, { path: '/docs', headers: { Host: host } }), 400, 'page');
    }
  });

  it('ignores an X-Request-Id from an untrusted peer', async () => {
    const res = await rawRequest(server.url, { path: '/api/v1/templates', headers: { 'X-Request-Id': 'client-chosen-id-123', ...auth() } });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(res.headers['x-request-id']).not.toBe('client-chosen-id-123');
  });

  it('answers unknown methods on the API with 405 in its error shape', async () => {
    for (const method of ['PROPFIND', 'OPTIONS', 'MKCOL', 'TRACE']) {
      expectOwnError(
        await rawRequest(server.url, { method, path: '/api/v1/documents', headers: auth() }),
        405,
        'api',
        'method_not_allowed',
      );
    }
    const page = await rawRequest(server.url, { method: 'PROPFIND', path: '/login' });
    expect(page.status).toBe(405);
    expect(page.body).toContain('<title>Error 405 · Kaizen</title>');
    expect(page.body).not.toMatch(STACK_OR_PATH);
  });

  it('answers malformed percent-encoding in paths with a 4xx in its own shape', async () => {
    const api = await rawRequest(server.url, { path: '/api/v1/documents/%ZZ', headers: auth() });
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body).error.code).toBe('not_found');
    for (const p of ['/docs/%ZZ', '/%E0%A4%A', '/login?next=%0a', '/login?next=%0d', '/login?next=%00', '/login?x=%ZZ']) {
      const res = await rawRequest(server.url, { path: p });
      expect(res.status, p).toBeLessThan(500);
      expect(res.body, p).not.toMatch(STACK_OR_PATH);
    }
  });

  it('refuses page posts that are not forms, and multipart bodies that do not parse, with a 4xx page', async () => {
    expectOwnError(
      await rawRequest(server.url, {
        method: 'POST',
        path: '/login',
        headers: { 'Content-Type': 'text/plain' },
        body: 'email=a&password=b',
      }),
      415,
      'page',
    );
    expectOwnError(await rawRequest(server.url, { method: 'POST', path: '/login', body: 'email=a&password=b' }), 415, 'page');
    expectOwnError(
      await rawRequest(server.url, {
        method: 'POST',
        path: '/login',
        headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
        body: 'garbage without any boundary',
      }),
      400,
      'page',
    );
    expectOwnError(
      await rawRequest(server.url, { method: 'POST', path: '/setup', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
      415,
      'page',
    );
    // A well-formed multipart form still reaches the action.
    const form = new FormData();
    form.set('email', 'nobody@example.test');
    form.set('password', 'wrong password');
    const ok = await fetch(`${server.url}/login`, { method: 'POST', body: form, redirect: 'manual' });
    expect(ok.status).toBe(400);
    expect(await ok.text()).toMatch(/password/i);
  });

  it('refuses a lone surrogate in a JSON body with 400 naming the field', async () => {
    const body = JSON.stringify(rcaInput()).replace('"Queue backlog delayed emails"', '"Queue \\ud800 backlog"');
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/v1/documents',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    const error = JSON.parse(res.body).error;
    expect(error.code).toBe('invalid_json');
    expect(error.issues[0].path).toEqual(['title']);
  });

  it('limits bodies by the bytes read: a chunked body over the limit gets 413, under it works', async () => {
    const big = Array.from({ length: 6 }, () => Buffer.alloc(1024 * 1024 + 1, 'x'));
    const api = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/v1/documents',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      chunked: big,
    });
    expectOwnError(api, 413, 'api', 'too_large');
    const page = await rawRequest(server.url, {
      method: 'POST',
      path: '/login',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      chunked: big,
    });
    expectOwnError(page, 413, 'page');
    expect(big.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(LIMIT);

    const json = Buffer.from(JSON.stringify(rcaInput({ title: 'Sent in chunks' })));
    const chunks = [json.subarray(0, 100), json.subarray(100, 1000), json.subarray(1000)];
    const created = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/v1/documents',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      chunked: chunks,
    });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body).title).toBe('Sent in chunks');
  });

  it('limits a JSON body to 2 MB by bytes, however it is framed', async () => {
    // 1.5 M characters of "é": 3 MB of UTF-8, under the 5 MB limit of the server, over the API's 2 MB.
    const body = JSON.stringify({ ...rcaInput(), title: 'é'.repeat(1_500_000) });
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/v1/documents',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      chunked: [Buffer.from(body)],
    });
    expectOwnError(res, 413, 'api', 'too_large');
  });
});

describe('HTTP boundary behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: 'loopback', SEED_DEMO: 'false' });
  }, 120_000);
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  it('takes the scheme and host from the proxy, and ignores malformed ones', async () => {
    const https = await rawRequest(server.url, { path: '/login', headers: { 'X-Forwarded-Proto': 'https' } });
    expect(https.status).toBe(200);
    expect(https.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    const chained = await rawRequest(server.url, { path: '/login', headers: { 'X-Forwarded-Proto': 'https, http' } });
    expect(chained.headers['strict-transport-security']).toMatch(/max-age/);
    const cases: Record<string, string>[] = [
      { 'X-Forwarded-Proto': 'a b' },
      { 'X-Forwarded-Host': 'a b' },
      { 'X-Forwarded-Host': 'x:99999' },
      { 'X-Forwarded-Proto': 'javascript' },
    ];
    for (const headers of cases) {
      const res = await rawRequest(server.url, { path: '/api/v1/documents', headers });
      expectOwnError(res, 401, 'api', 'unauthorized');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    // A form post must come from the origin the proxy names.
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const body = 'email=a%40b.c&password=x';
    const proxied = { 'X-Forwarded-Host': 'kaizen.example.com', 'X-Forwarded-Proto': 'https' };
    expect(
      (
        await rawRequest(server.url, {
          method: 'POST',
          path: '/login',
          headers: { ...form, ...proxied, Origin: 'https://kaizen.example.com' },
          body,
        })
      ).status,
    ).toBe(400);
    expectOwnError(
      await rawRequest(server.url, { method: 'POST', path: '/login', headers: { ...form, ...proxied, Origin: server.url }, body }),
      403,
      'page',
    );
    // A malformed forwarded host falls back to Host.
    expect(
      (
        await rawRequest(server.url, {
          method: 'POST',
          path: '/login',
          headers: { ...form, 'X-Forwarded-Host': 'a b', Origin: server.url },
          body,
        })
      ).status,
    ).toBe(400);
  });

  it("keeps the proxy's request id", async () => {
    const res = await rawRequest(server.url, { path: '/login', headers: { 'X-Request-Id': 'lb-7f3a9c2e-0001' } });
    expect(res.headers['x-request-id']).toBe('lb-7f3a9c2e-0001');
  });

  it('refuses to start with a malformed TRUST_PROXY, naming it', async () => {
    const attempt = startServer({ TRUST_PROXY: 'the load balancer' });
    attempt.then((s) => s.stop('SIGKILL')).catch(() => {}); // should it start after all, it must not outlive the test
    await expect(attempt).rejects.toThrow(/TRUST_PROXY/);
  });
});
