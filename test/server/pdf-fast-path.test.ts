// `GET /api/v1/documents/:id/pdf` is answered by server.mjs before Remix's routing (docs/decisions/030). Against a real
// `node server.mjs`: each answer of that path equals Remix's answer to the same request (a query string sends it
// through Remix) in status, body and headers, for a stored PDF, a missing or bad token, a document the token's user
// may not read, an unknown id and a refused (rate-limited) export; and it is logged and labelled as the route.
import { openServerTestDatabase } from '../helpers/server-database';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createApiToken } from '../../app/models/user.server';
import { startServer, type RunningServer } from '../e2e/helpers';
import { createTestActor, rcaInput } from '../helpers/factories';
import { testBackends } from '../helpers/db';
import { linesOf } from '../helpers/server-log';

const PDF_USER_PER_MINUTE = 12;
// Differ per request (or per process) by design; everything else must be equal.
const VARYING = new Set(['date', 'x-request-id', 'content-security-policy', 'keep-alive', 'connection']);

type Answer = { status: number; headers: Record<string, string>; body: Buffer };

for (const backend of testBackends()) {
  describe(`the API's document PDF answered before Remix [${backend}]`, () => {
    let server: RunningServer;
    let drop = async () => {};
    const tokens = { editor: '', viewer: '', limited: '' };

    beforeAll(async () => {
      const { opened, env, drop: dropIt } = await openServerTestDatabase(backend, 'kaizen-pdf-fast-');
      drop = dropIt;
      await syncBuiltInTemplates(opened.db);
      for (const [key, role] of [
        ['editor', 'editor'],
        ['viewer', 'viewer'],
        ['limited', 'editor'],
      ] as const) {
        const actor = await createTestActor(opened.db, role);
        tokens[key] = (await createApiToken(opened.db, { email: actor.email, name: key })).token;
      }
      // The server holds an embedded database alone.
      await opened.close();
      server = await startServer({
        ...env,
        PDF_USER_PER_MINUTE: String(PDF_USER_PER_MINUTE),
        PDF_ADDRESS_PER_MINUTE: '100000',
        API_TOKEN_PER_MINUTE: '100000',
        API_ADDRESS_PER_MINUTE: '100000',
      });
    }, 180_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
      await drop();
    });

    const get = async (pathname: string, token?: string, extra: Record<string, string> = {}): Promise<Answer> => {
      const res = await fetch(`${server.url}${pathname}`, {
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra },
      });
      return { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
    };
    /** The answer of the early path and Remix's to the same request, asked one after the other. */
    const both = async (id: string, token?: string, extra: Record<string, string> = {}) => ({
      early: await get(`/api/v1/documents/${id}/pdf`, token, extra),
      remix: await get(`/api/v1/documents/${id}/pdf?via=remix`, token, extra),
    });
    const comparable = (a: Answer) => {
      const headers = Object.fromEntries(Object.entries(a.headers).filter(([k]) => !VARYING.has(k)));
      const json = a.headers['content-type']?.startsWith('application/json') ? JSON.parse(a.body.toString()) : null;
      if (json?.error?.requestId) json.error.requestId = 'same';
      // A refusal's wait is counted down in whole seconds: the two answers may be a second apart.
      if (headers['retry-after']) headers['retry-after'] = 'n';
      if (json?.error?.retryAfterSeconds) {
        json.error.retryAfterSeconds = 'n';
        json.error.message = json.error.message.replace(/\d+ s\./, 'n s.');
      }
      return { status: a.status, headers, body: json ?? a.body.toString('base64') };
    };
    const expectSame = (pair: { early: Answer; remix: Answer }) => {
      expect(comparable(pair.early)).toEqual(comparable(pair.remix));
      expect(pair.early.headers['x-request-id']).toMatch(/^[A-Za-z0-9_-]{8,}$/);
      expect(pair.early.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    };

    let docId = '';
    it('a stored PDF: the same bytes and headers, logged as the route with its request id', async () => {
      const created = await fetch(`${server.url}/api/v1/documents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.editor}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(rcaInput({ title: 'Early PDF' })),
      });
      expect(created.status).toBe(201);
      docId = (await created.json()).id;
      const first = await get(`/api/v1/documents/${docId}/pdf`, tokens.editor);
      expect(first.status).toBe(200);
      expect(first.headers['x-kaizen-pdf-cache']).toBe('miss');
      const pair = await both(docId, tokens.editor);
      expect(pair.early.status).toBe(200);
      expect(pair.early.headers['x-kaizen-pdf-cache']).toBe('hit');
      expect(pair.early.body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pair.early.body.equals(first.body)).toBe(true);
      expectSame(pair);
      // A client holding this content: 304 without the bytes, on both paths.
      const revalidated = await both(docId, tokens.editor, { 'If-None-Match': pair.early.headers.etag });
      expect(revalidated.early.status).toBe(304);
      expect(revalidated.early.body.length).toBe(0);
      expectSame(revalidated);
      await new Promise((r) => setTimeout(r, 200));
      const [line] = linesOf(server.output(), pair.early.headers['x-request-id'], 'info');
      expect(line).toMatchObject({ method: 'GET', route: 'routes/api.v1.documents.$id.pdf', status: 200 });
      expect(server.output()).not.toContain(tokens.editor);
    });

    it('no token, a bad token, an unreadable draft, an unknown id: the same errors', async () => {
      for (const pair of [
        await both(docId),
        await both(docId, `bad-${randomBytes(12).toString('hex')}`),
        await both(docId, tokens.viewer),
        await both('00000000-0000-4000-8000-000000000000', tokens.editor),
        await both('not-a-uuid', tokens.editor),
      ]) {
        expect(pair.early.status).toBeGreaterThanOrEqual(400);
        expectSame(pair);
      }
      expect((await both(docId)).early.status).toBe(401);
      expect((await both(docId, tokens.viewer)).early.status).toBe(404);
    });

    it('the PDF limit counts both paths and refuses on both with the same 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < PDF_USER_PER_MINUTE / 2; i++) {
        const pair = await both(docId, tokens.limited);
        statuses.push(pair.early.status, pair.remix.status);
      }
      expect(statuses).toEqual(Array(PDF_USER_PER_MINUTE).fill(200));
      const refused = await both(docId, tokens.limited);
      expect(refused.early.status).toBe(429);
      expect(Number(refused.early.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expectSame(refused);
    });
  });
}
