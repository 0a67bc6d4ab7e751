// The outbox and the queue at the model level, on each backend: events are written in the transaction of
// their change (a refused change writes none), only for webhooks that subscribe, overdue items are reported
// once, and two senders never claim the same delivery.
import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import { createWebhook, listDeliveries, listWebhooks, revokeWebhook } from '../../app/models/webhook.server';
import { claimDueDeliveries, queueOverdueActionItems, recordDeliveryAttempt, retryDelayMs } from '../../app/models/webhook-sender.server';
import { rowsOf } from '../../app/models/webhook-event.server';
import type { Actor } from '../../app/models/types';

const SESSION_SECRET = 'outbox-test-session-secret';
const KEYS = [
  'testedEnough',
  'finalQa',
  'communicationReady',
  'inProductionForStaff',
  'darkLaunch',
  'percentageLaunch',
  'monitoring',
  'onOffSwitches',
  'leadsAvailable',
  'userFeedback',
  'successTime',
  'contingencyPlan',
];

describeEachBackend('webhook outbox', (db) => {
  let admin: Actor;
  let author: Actor;
  let signer: Actor;
  let hookId = '';
  const eventTypes = async () =>
    rowsOf<{ type: string }>(
      await db().execute(
        sql`select e.type from webhook_deliveries d join webhook_events e on e.id = d.event_id where d.webhook_id = ${hookId} order by e.created_at, e.type`,
      ),
    ).map((r) => r.type);

  beforeAll(async () => {
    admin = await createTestActor(db(), 'admin');
    author = await createTestActor(db(), 'editor');
    signer = await createTestActor(db(), 'editor');
  });

  it('writes nothing while no webhook subscribes', async () => {
    await createDocument(db(), { actor: author, input: rcaInput({ title: 'Before any webhook' }) });
    const [{ n }] = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from webhook_events`));
    expect(Number(n)).toBe(0);
  });

  it('a sign-off and the decision change it causes are queued for a subscribed webhook; a refused sign-off queues nothing', async () => {
    ({ id: hookId } = await createWebhook(db(), {
      actor: admin,
      input: { url: 'http://127.0.0.1:9/events', events: ['signoff.added', 'decision.changed', 'document.published'] },
      sessionSecret: SESSION_SECRET,
    }));
    const doc = await createDocument(db(), {
      actor: author,
      input: {
        template: 'etsy-go-no-go',
        title: 'Launch: webhooks',
        fields: {
          launchAt: '2026-12-01T15:00Z',
          launchers: ['Ana'],
          feature: 'Hooks',
          checks: Object.fromEntries(KEYS.map((k) => [k, { answer: 'yes', note: '' }])),
        },
      },
    });
    // Refused (a draft takes no sign-offs): the transaction rolls back, with its events.
    await expect(
      createSignoff(db(), { actor: signer, documentId: doc.id, input: { role: 'Engineering lead', decision: 'no_go' } }),
    ).rejects.toThrow(/submit it for review/);
    expect(await eventTypes()).toEqual([]);
    await transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } });
    await createSignoff(db(), {
      actor: signer,
      documentId: doc.id,
      input: { role: 'Engineering lead', decision: 'no_go', comment: 'Dashboards missing' },
    });
    const types = await eventTypes();
    expect(types).toContain('signoff.added');
    expect(types).toContain('decision.changed');
    const [payload] = rowsOf<{ payload: Record<string, any> }>(
      await db().execute(sql`select payload from webhook_events where type = 'signoff.added'`),
    );
    const p = typeof payload.payload === 'string' ? JSON.parse(payload.payload) : payload.payload;
    expect(p).toMatchObject({
      document: { id: doc.id, title: 'Launch: webhooks' },
      signoff: { role: 'Engineering lead', decision: 'no_go', comment: 'Dashboards missing' },
    });
  });

  it('lists webhooks with their last delivery and pending count', async () => {
    const [w] = (await listWebhooks(db(), { sessionSecret: SESSION_SECRET })).filter((x) => x.id === hookId);
    expect(w).toMatchObject({ url: 'http://127.0.0.1:9/events', secretReadable: true, revokedAt: null });
    expect(w.pending).toBeGreaterThanOrEqual(2);
    expect(w.last).toMatchObject({ status: 'pending' });
    expect((await listWebhooks(db(), { sessionSecret: 'another-session-secret' })).find((x) => x.id === hookId)?.secretReadable).toBe(
      false,
    );
    expect((await listDeliveries(db())).length).toBeGreaterThanOrEqual(2);
  });

  it('two senders claiming at once never get the same delivery; a failure is retried later, then given up on revoke', async () => {
    const [a, b] = await Promise.all([claimDueDeliveries(db(), { limit: 1 }), claimDueDeliveries(db(), { limit: 10 })]);
    const ids = [...a, ...b].map((d) => d.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
    // Claimed ones are leased: a third claim now gets none of them.
    expect((await claimDueDeliveries(db())).filter((d) => ids.includes(d.id))).toEqual([]);
    const first = [...a, ...b][0];
    await recordDeliveryAttempt(db(), { delivery: first, ok: false, statusCode: 500, error: 'answered 500', retryBaseMs: 60_000 });
    const [row] = (await listDeliveries(db())).filter((d) => d.id === first.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    expect(new Date(row.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() + 40_000);
    await revokeWebhook(db(), { actor: admin, id: hookId });
    expect((await listDeliveries(db())).filter((d) => d.status === 'pending')).toEqual([]);
  });

  it('backoff doubles from the base, at most an hour, with ±20 % spread', () => {
    expect(retryDelayMs(1, 10_000, 0.5)).toBe(10_000);
    expect(retryDelayMs(2, 10_000, 0.5)).toBe(20_000);
    expect(retryDelayMs(5, 10_000, 0.5)).toBe(160_000);
    expect(retryDelayMs(30, 10_000, 0.5)).toBe(3_600_000);
    expect(retryDelayMs(1, 10_000, 0)).toBe(8_000);
    expect(retryDelayMs(1, 10_000, 1)).toBe(12_000);
  });

  it('an open action item past its due date is reported overdue once per due date', async () => {
    ({ id: hookId } = await createWebhook(db(), {
      actor: admin,
      input: { url: 'http://127.0.0.1:9/overdue', events: ['action_item.overdue'] },
      sessionSecret: SESSION_SECRET,
    }));
    const doc = await createDocument(db(), {
      actor: author,
      input: rcaInput({
        title: 'Overdue follow-up',
        fields: {
          nextSteps: [
            { title: 'Late work', dueDate: '2026-01-05' },
            { title: 'Done work', dueDate: '2026-01-05', status: 'done' },
            { title: 'Future work', dueDate: '2099-01-01' },
          ],
        },
      }),
    });
    expect(await queueOverdueActionItems(db(), { today: '2026-06-01' })).toBeGreaterThanOrEqual(1);
    expect(await queueOverdueActionItems(db(), { today: '2026-06-01' })).toBe(0);
    const rows = rowsOf<{ payload: unknown }>(
      await db().execute(
        sql`select e.payload from webhook_deliveries d join webhook_events e on e.id = d.event_id where d.webhook_id = ${hookId}`,
      ),
    );
    const titles = rows
      .map(
        (r) =>
          (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as {
            actionItem: { title: string };
            document: { id: string };
          },
      )
      .filter((p) => p.document.id === doc.id)
      .map((p) => p.actionItem.title);
    expect(titles).toEqual(['Late work']);
  });
});
