import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import {
  WEBHOOK_EVENT_TYPES,
  webhookDeliveries,
  webhookEvents,
  webhooks,
  type DeliveryStatus,
  type WebhookEventType,
} from '../../db/schema';
import { notFound, validationError } from '~/lib/errors.server';
import { newHookSecret, openSecret, sealSecret } from '~/lib/hook-signature.server';
import { safeText } from '~/lib/safe-text';
import { recordAudit } from '~/models/audit.server';
import type { Actor } from '~/models/types';

export { WEBHOOK_EVENT_TYPES };

export const CreateWebhookSchema = z.object({
  url: safeText()
    .trim()
    .max(2000, 'keep the address under 2000 characters')
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'use a full http(s):// address'),
  events: z
    .union(
      [z.enum(WEBHOOK_EVENT_TYPES), z.array(z.enum(WEBHOOK_EVENT_TYPES, 'choose events from the list'))],
      'choose events from the list',
    )
    .transform((e) => [...new Set(Array.isArray(e) ? e : [e])])
    .refine((e) => e.length > 0, 'choose at least one event'),
});

export type WebhookView = {
  id: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  secretReadable: boolean;
  pending: number;
  last: { status: DeliveryStatus; code: number | null; error: string | null; at: string | null; event: string } | null;
};

export async function createWebhook(
  db: Database,
  opts: { actor: Actor; input: unknown; sessionSecret: string; ip?: string | null },
): Promise<{ id: string; secret: string }> {
  const r = CreateWebhookSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const id = randomUUID();
  const secret = newHookSecret();
  await db.transaction(async (tx) => {
    await tx.insert(webhooks).values({
      id,
      url: r.data.url,
      events: r.data.events,
      secretSealed: sealSecret(opts.sessionSecret, secret),
      createdBy: opts.actor.via === 'system' ? null : opts.actor.id,
    });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'webhook.created',
      targetType: 'webhook',
      targetId: id,
      ip: opts.ip,
      details: { url: r.data.url, events: r.data.events },
    });
  });
  return { id, secret };
}

/** A new signing secret, used from the next attempt on (the receiver accepts both while it switches). */
export async function rotateWebhook(
  db: Database,
  opts: { actor: Actor; id: string; sessionSecret: string; ip?: string | null },
): Promise<{ secret: string }> {
  const secret = newHookSecret();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhooks)
      .set({ secretSealed: sealSecret(opts.sessionSecret, secret), rotatedAt: new Date() })
      .where(and(eq(webhooks.id, opts.id), isNull(webhooks.revokedAt)))
      .returning();
    if (!row) throw notFound('No such active webhook.');
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'webhook.rotated',
      targetType: 'webhook',
      targetId: row.id,
      ip: opts.ip,
      details: { url: row.url },
    });
  });
  return { secret };
}

/** Stop delivering: the webhook gets no new events and its pending deliveries are given up. */
export async function revokeWebhook(db: Database, opts: { actor: Actor; id: string; ip?: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhooks)
      .set({ revokedAt: new Date() })
      .where(and(eq(webhooks.id, opts.id), isNull(webhooks.revokedAt)))
      .returning();
    if (!row) throw notFound('No such active webhook.');
    await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: 'webhook revoked' })
      .where(and(eq(webhookDeliveries.webhookId, row.id), eq(webhookDeliveries.status, 'pending')));
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'webhook.revoked',
      targetType: 'webhook',
      targetId: row.id,
      ip: opts.ip,
      details: { url: row.url },
    });
  });
}

/** Webhooks with their pending count and their latest delivery (active first, newest first). */
export async function listWebhooks(db: Database, opts: { sessionSecret: string }): Promise<WebhookView[]> {
  const rows = await db
    .select({
      w: webhooks,
      pending: sql<number>`(select count(*)::int from webhook_deliveries d where d.webhook_id = webhooks.id and d.status = 'pending')`,
      last: sql<{ status: DeliveryStatus; code: number | null; error: string | null; at: string | null; event: string } | null>`(
        select json_build_object('status', d.status, 'code', d.last_status_code, 'error', d.last_error, 'at', coalesce(d.last_attempt_at, d.created_at), 'event', e.type)
        from webhook_deliveries d join webhook_events e on e.id = d.event_id
        where d.webhook_id = webhooks.id order by d.created_at desc, d.id desc limit 1)`,
    })
    .from(webhooks)
    .orderBy(sql`${webhooks.revokedAt} is not null`, desc(webhooks.createdAt));
  return rows.map(({ w, pending, last }) => ({
    id: w.id,
    url: w.url,
    events: w.events as WebhookEventType[],
    createdAt: w.createdAt.toISOString(),
    rotatedAt: w.rotatedAt?.toISOString() ?? null,
    revokedAt: w.revokedAt?.toISOString() ?? null,
    secretReadable: openSecret(opts.sessionSecret, w.secretSealed) !== null,
    pending: Number(pending),
    last: last ? { ...last, at: last.at ? new Date(last.at).toISOString() : null } : null,
  }));
}

export type DeliveryView = {
  id: string;
  webhookUrl: string;
  event: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  createdAt: string;
};

/** The latest deliveries across webhooks, newest first. */
export async function listDeliveries(db: Database, opts: { limit?: number; webhookId?: string } = {}): Promise<DeliveryView[]> {
  const rows = await db
    .select({ d: webhookDeliveries, url: webhooks.url, type: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(opts.webhookId ? eq(webhookDeliveries.webhookId, opts.webhookId) : undefined)
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(opts.limit ?? 50);
  return rows.map(({ d, url, type }) => ({
    id: d.id,
    webhookUrl: url,
    event: type,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}
