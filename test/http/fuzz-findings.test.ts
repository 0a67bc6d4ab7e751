// Route-level failures the server fuzz suite (test/security/server-fuzz.test.ts) found, each
// pinned as a plain test on both databases.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../e2e/helpers';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';

describeEachBackend('fuzz findings', (db) => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await createTestApp(db());
    token = await app.token(await createTestActor(db(), 'editor'));
  });

  it('answers 400 to a sign-in whose body is not a form (was 500)', async () => {
    for (const type of ['text/plain', 'application/json', 'multipart/form-data; boundary=x']) {
      const res = await app.fetch('/login', {
        method: 'POST',
        headers: { 'Content-Type': type, Origin: ORIGIN },
        body: 'email=a@b.c&password=x',
      });
      expect(res.status, type).toBe(400);
      expect(await res.text()).toContain('The form could not be read');
    }
  });

  it('sends a signed-out visitor to sign in with a Location that stays small, whatever the query', async () => {
    const huge = `/docs?q=${encodeURIComponent('é\u0000x'.repeat(2000))}`;
    const res = await app.fetch(huge);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/docs')}`);
    const normal = await app.fetch('/docs?status=draft');
    expect(normal.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/docs?status=draft')}`);
  });

  it('answers an API path that no route matches in the JSON error shape (a line break in the path)', async () => {
    for (const p of ['/api/v1/%0D%0A/x', '/api/v1/a%0Ab', '/api/v1/no-such-endpoint']) {
      const res = await app.fetch(p, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).toMatch(/^application\/json/);
      expect((await res.json()).error.code, p).toBe('not_found');
    }
    const options = await app.fetch('/api/v1/x/%0D%0A', { method: 'OPTIONS', headers: { Authorization: `Bearer ${token}` } });
    expect(options.status).toBe(405);
    expect((await options.json()).error.code).toBe('method_not_allowed');
  });
});

describe('fuzz findings at the server entry', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SEED_DEMO: 'false' });
  }, 120_000);
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('refuses a cross-site PUT to /api/v1/../page with 403 (it is a page once dot segments resolve; was an empty 500)', async () => {
    const port = new URL(server.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: 'localhost',
          port,
          method: 'PUT',
          path: '/api/v1/../x',
          headers: { origin: 'https://evil.example', 'content-type': 'application/json', 'content-length': 2 },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('answers a cross-site DELETE to an API path no route matches with the JSON 404 (was an empty 500)', async () => {
    const res = await fetch(`${server.url}/api/v1/x/%0D%0A`, {
      method: 'DELETE',
      headers: { Origin: 'https://evil.example', Authorization: 'Bearer kzn_not-a-real-token-000' },
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
