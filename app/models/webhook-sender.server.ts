import { startPolling } from '~/lib/polling.server';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { WebhookEventType } from '../../db/schema';
import { openSecret, signatureHeaders } from '~/lib/hook-signature.server';
import { logError } from '~/lib/log.server';
import { actionItemRef, documentRef, emitWebhookEvent, rowsOf } from '~/models/webhook-event.server';

// The sender works through webhook_deliveries, the durable queue (docs/decisions/015-webhooks-both-ways.md).
// Every app process runs one; a delivery is claimed with FOR UPDATE SKIP LOCKED and held by a lease, so
// only one process sends it at a time, and one that dies mid-send leaves it to another when the lease ends.
// A failed attempt is retried with exponential backoff; deliveries are at least once, and the receiver
// tells a repeat by X-Kaizen-Delivery.

export const MAX_ATTEMPTS = 12;
const MAX_DELAY_MS = 3600_000;
const LEASE_SECONDS = 60;
const SEND_TIMEOUT_MS = 10_000;
const BATCH = 10;
const OVERDUE_SCAN_MS = 60_000;

export type ClaimedDelivery = {
  id: string;
  attempts: number;
  url: string;
  secretSealed: string;
  eventId: string;
  type: WebhookEventType;
  payload: Record<string, unknown>;
  eventCreatedAt: string;
};

/** Claim due deliveries for this sender: the attempt is counted now, so a crash mid-send still counts it. */
export async function claimDueDeliveries(db: Database, opts: { limit?: number } = {}): Promise<ClaimedDelivery[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      update webhook_deliveries d
      set locked_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = d.attempts + 1, last_attempt_at = now()
      from webhooks w, webhook_events e
      where d.id in (
        select id from webhook_deliveries
        where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
        order by next_attempt_at limit ${opts.limit ?? BATCH}
        for update skip locked)
      and w.id = d.webhook_id and e.id = d.event_id
      returning d.id, d.attempts, w.url, w.secret_sealed, e.id as event_id, e.type, e.payload, e.created_at`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    attempts: Number(r.attempts),
    url: String(r.url),
    secretSealed: String(r.secret_sealed),
    eventId: String(r.event_id),
    type: r.type as WebhookEventType,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    eventCreatedAt: new Date(r.created_at as string | Date).toISOString(),
  }));
}

/** The delay before attempt `attempts + 1`: base · 2^(attempts − 1), at most an hour, ±20 % so retries spread out. */
export function retryDelayMs(attempts: number, baseMs: number, random = Math.random()): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(delay * (0.8 + 0.4 * random));
}

/** Record an attempt's outcome: delivered, retried later, or given up after MAX_ATTEMPTS. */
export async function recordDeliveryAttempt(
  db: Database,
  opts: { delivery: ClaimedDelivery; ok: boolean; statusCode: number | null; error: string | null; retryBaseMs: number },
): Promise<void> {
  const { delivery } = opts;
  if (opts.ok) {
    await db.execute(
      sql`update webhook_deliveries set status = 'delivered', delivered_at = now(), locked_until = null, last_status_code = ${opts.statusCode}, last_error = null where id = ${delivery.id} and status = 'pending'`,
    );
    return;
  }
  const giveUp = delivery.attempts >= MAX_ATTEMPTS;
  const next = new Date(Date.now() + retryDelayMs(delivery.attempts, opts.retryBaseMs));
  await db.execute(sql`
    update webhook_deliveries
    set status = ${giveUp ? 'failed' : 'pending'}, next_attempt_at = ${next.toISOString()}::timestamptz, locked_until = null, last_status_code = ${opts.statusCode}, last_error = ${opts.error?.slice(0, 500) ?? null}
    where id = ${delivery.id} and status = 'pending'`);
}

/** The body of a delivery: the same bytes on every attempt (the signature's timestamp is what changes). */
export const deliveryBody = (d: ClaimedDelivery) =>
  JSON.stringify({ id: d.eventId, type: d.type, createdAt: d.eventCreatedAt, data: d.payload });

/** One attempt: a 2xx answer is success; a redirect, another status, a timeout or a network error is a failure. */
export async function sendDelivery(
  d: ClaimedDelivery,
  opts: { sessionSecret: string; signal?: AbortSignal },
): Promise<{ ok: boolean; statusCode: number | null; error: string | null }> {
  const secret = openSecret(opts.sessionSecret, d.secretSealed);
  if (secret === null)
    return { ok: false, statusCode: null, error: 'the secret cannot be read (SESSION_SECRET changed): rotate it on the admin page' };
  const body = deliveryBody(d);
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Kaizen-Webhooks/1',
        'X-Kaizen-Event': d.type,
        'X-Kaizen-Delivery': d.id,
        ...signatureHeaders(secret, body),
      },
      signal: AbortSignal.any([AbortSignal.timeout(SEND_TIMEOUT_MS), ...(opts.signal ? [opts.signal] : [])]),
    });
    await res.body?.cancel().catch(() => {});
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `answered ${res.status}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const reason =
      err.name === 'TimeoutError'
        ? `no answer within ${SEND_TIMEOUT_MS / 1000} s`
        : err.name === 'AbortError'
          ? 'stopped while sending (the server shut down)'
          : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { ok: false, statusCode: null, error: reason };
  }
}

/** Report action items that became overdue (due before `today`, still open), once per item and due date. */
export async function queueOverdueActionItems(db: Database, opts: { today: string }): Promise<number> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select ai.id, ai.title, ai.kind, ai.owner, ai.due_date::text as due_date, ai.status, ai.url, ai.document_id,
             d.title as doc_title, d.kind as doc_kind, d.status as doc_status, d.severity, d.service
      from action_items ai join documents d on d.id = ai.document_id
      where ai.status in ('open', 'in_progress') and ai.due_date < ${opts.today}::date
        and exists (select 1 from webhooks where revoked_at is null and 'action_item.overdue' = any(events))
        and not exists (select 1 from webhook_events e where e.dedupe_key = 'action_item.overdue:' || ai.id || ':' || ai.due_date::text)
      order by ai.due_date limit 200`),
  );
  for (const r of rows) {
    const item = {
      id: String(r.id),
      title: String(r.title),
      kind: r.kind,
      owner: r.owner,
      dueDate: String(r.due_date),
      status: r.status,
      url: r.url,
      documentId: String(r.document_id),
    } as Parameters<typeof actionItemRef>[0];
    const document = documentRef({
      id: item.documentId,
      title: String(r.doc_title),
      kind: String(r.doc_kind),
      status: String(r.doc_status),
      severity: (r.severity as string | null) ?? null,
      service: (r.service as string | null) ?? null,
    });
    await emitWebhookEvent(db, {
      type: 'action_item.overdue',
      data: { actionItem: actionItemRef(item), document },
      dedupeKey: `action_item.overdue:${item.id}:${item.dueDate}`,
    });
  }
  return rows.length;
}

export type WebhookSender = { stop: () => Promise<void> };

/**
 * Start this process's sender: it polls the queue (every `pollMs`), sends what is due, and scans for newly
 * overdue action items every minute. `stop` lets sends under way finish (they are cut after 3 s) and waits.
 */
export function startWebhookSender(opts: { db: Database; sessionSecret: string; retryBaseMs: number; pollMs?: number }): WebhookSender {
  const pollMs = opts.pollMs ?? Math.min(2000, opts.retryBaseMs);
  const abort = new AbortController();
  let lastScan = 0;

  const tick = async () => {
    if (Date.now() - lastScan >= OVERDUE_SCAN_MS) {
      lastScan = Date.now();
      await queueOverdueActionItems(opts.db, { today: new Date().toISOString().slice(0, 10) });
    }
    while (!polling.stopped()) {
      const batch = await claimDueDeliveries(opts.db);
      await Promise.all(
        batch.map(async (d) => {
          const result = await sendDelivery(d, { sessionSecret: opts.sessionSecret, signal: abort.signal });
          await recordDeliveryAttempt(opts.db, { delivery: d, ...result, retryBaseMs: opts.retryBaseMs });
        }),
      );
      if (batch.length < BATCH) break;
    }
  };
  const polling = startPolling(tick, { pollMs, onError: (e) => logError('The webhook sender failed; it tries again shortly', e) });
  return {
    async stop() {
      const cut = setTimeout(() => abort.abort(), 3000);
      await polling.stop();
      clearTimeout(cut);
    },
  };
}
