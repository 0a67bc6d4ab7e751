// Events out, against a real `node server.mjs` on each backend and a local receiver: deliveries are signed,
// a 500 is retried with backoff until a 2xx, and a delivery pending when the server stops is delivered once
// after it starts again (the queue lives in the database).
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../app/models/user.server';
import { createWebhook } from '../../app/models/webhook.server';
import { startServer, type RunningServer } from '../e2e/helpers';
import { createTestActor, rcaInput, TEST_PASSWORD } from '../helpers/factories';
import { testBackends } from '../helpers/db';
import { signInOnServer } from '../helpers/server-http';
import { prepareServerDatabase, startReceiver, waitFor, type Received } from './helpers';

const header = (r: Received, name: string) => String(r.headers[name.toLowerCase()] ?? '');
const eventOf = (r: Received) => JSON.parse(r.body) as { id: string; type: string; createdAt: string; data: Record<string, any> };

for (const backend of testBackends()) {
  describe(`outbound webhooks [${backend}]`, () => {
    let server: RunningServer;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let prepared: Awaited<ReturnType<typeof prepareServerDatabase>>;
    let secret = '';
    const tokens = { author: '', reviewer: '' };
    let adminEmail = '';

    beforeAll(async () => {
      receiver = await startReceiver();
      prepared = await prepareServerDatabase(backend, async (db, sessionSecret) => {
        const admin = await createTestActor(db, 'admin');
        adminEmail = admin.email;
        const author = await createTestActor(db, 'editor');
        const reviewer = await createTestActor(db, 'editor');
        tokens.author = (await createApiToken(db, { email: author.email, name: 'author' })).token;
        tokens.reviewer = (await createApiToken(db, { email: reviewer.email, name: 'reviewer' })).token;
        ({ secret } = await createWebhook(db, {
          actor: admin,
          input: { url: receiver.url, events: ['action_item.created', 'action_item.done', 'document.published'] },
          sessionSecret,
        }));
      });
      server = await startServer({ ...prepared.env, WEBHOOK_RETRY_BASE_MS: '200' });
    }, 300_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
      await receiver?.close();
      await prepared?.drop();
    });

    const call = async (token: string, method: string, path: string, body: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return res.json();
    };

    let doc: { id: string; version: number; actionItems: { id: string; version: number; title: string }[] };

    it('an action item created through the API is delivered, signed over timestamp and raw body', async () => {
      doc = await call(tokens.author, 'POST', '/documents', rcaInput({ title: 'Webhook delivery check' }));
      const got = await waitFor('action_item.created', () =>
        receiver.received.find((r) => header(r, 'X-Kaizen-Event') === 'action_item.created'),
      );
      const event = eventOf(got);
      expect(event).toMatchObject({
        type: 'action_item.created',
        data: {
          actionItem: { id: doc.actionItems[0].id, title: 'Add a dead-letter queue', status: 'open' },
          document: { id: doc.id, title: 'Webhook delivery check', links: { html: `/docs/${doc.id}` } },
        },
      });
      const ts = header(got, 'X-Kaizen-Timestamp');
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      expect(header(got, 'X-Kaizen-Signature')).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${got.body}`).digest('hex')}`);
      expect(header(got, 'X-Kaizen-Delivery')).toMatch(/^[0-9a-f-]{36}$/);
      expect(got.headers['content-type']).toBe('application/json');
    });

    it('a delivery answered 500 is retried with backoff until a 2xx, with the same body and delivery id', async () => {
      receiver.answerWith((r) =>
        header(r, 'X-Kaizen-Event') === 'action_item.done' && receiver.received.filter((x) => x.body === r.body).length < 2 ? 500 : 200,
      );
      const item = doc.actionItems[0];
      await call(tokens.author, 'PATCH', `/action-items/${item.id}`, { version: item.version, status: 'done' });
      const ok = await waitFor('a 2xx for action_item.done', () =>
        receiver.received.find((r) => header(r, 'X-Kaizen-Event') === 'action_item.done' && r.answered === 200),
      );
      const attempts = receiver.received.filter((r) => header(r, 'X-Kaizen-Delivery') === header(ok, 'X-Kaizen-Delivery'));
      expect(attempts.map((a) => a.answered)).toEqual([500, 500, 200]);
      expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
      expect(eventOf(ok).data.actionItem).toMatchObject({ id: item.id, status: 'done' });
      // The admin page lists the webhook's last delivery as delivered after 3 attempts.
      const { cookie } = await signInOnServer(server.url, adminEmail, TEST_PASSWORD);
      const page = await (await fetch(`${server.url}/admin/webhooks`, { headers: { Cookie: cookie } })).text();
      expect(page).toContain(receiver.url);
      expect(page).toMatch(/action_item\.done<\/code><\/td><td>delivered<\/td><td>3<\/td><td>200/);
      receiver.answerWith(() => 200);
    });

    it('a delivery still failing when the server stops is delivered once after it starts again', { timeout: 120_000 }, async () => {
      receiver.answerWith((r) => (header(r, 'X-Kaizen-Event') === 'document.published' ? 500 : 200));
      const current = await (
        await fetch(`${server.url}/api/v1/documents/${doc.id}`, { headers: { Authorization: `Bearer ${tokens.author}` } })
      ).json();
      const review = await call(tokens.author, 'POST', `/documents/${doc.id}/transitions`, { to: 'in_review', version: current.version });
      await call(tokens.reviewer, 'POST', `/documents/${doc.id}/transitions`, { to: 'published', version: review.version });
      const failed = await waitFor('a failed attempt of document.published', () =>
        receiver.received.find((r) => header(r, 'X-Kaizen-Event') === 'document.published'),
      );
      const deliveryId = header(failed, 'X-Kaizen-Delivery');
      expect(await server.stop('SIGTERM')).toBe(0);
      receiver.answerWith(() => 200);
      const before = receiver.received.length;
      server = await startServer({ ...prepared.env, WEBHOOK_RETRY_BASE_MS: '200' });
      await waitFor(
        'the delivery after the restart',
        () => receiver.received.slice(before).find((r) => header(r, 'X-Kaizen-Delivery') === deliveryId && r.answered === 200),
        60_000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      const delivered = receiver.received.filter((r) => header(r, 'X-Kaizen-Delivery') === deliveryId && r.answered === 200);
      expect(delivered).toHaveLength(1);
      expect(eventOf(delivered[0])).toMatchObject({ type: 'document.published', data: { document: { id: doc.id, status: 'published' } } });
      // Every event was delivered exactly once in the end.
      const successes = receiver.received.filter((r) => r.answered === 200).map((r) => header(r, 'X-Kaizen-Delivery'));
      expect(new Set(successes).size).toBe(successes.length);
    });
  });
}
