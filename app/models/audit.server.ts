import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { Database } from '../../db/client';
import { auditEvents } from '../../db/schema';
import type { Actor } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.password_changed',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'token.created',
  'token.revoked',
  'template.created',
  'document.created',
  'document.edited',
  'document.transitioned',
  'document.restored',
  'document.deleted',
  'document.linked',
  'document.unlinked',
  'action_item.created',
  'action_item.edited',
  'signoff.created',
  'backup.downloaded',
  'hook.created',
  'hook.rotated',
  'hook.revoked',
  'hook.refused',
  'hook.incident_opened',
  'webhook.created',
  'webhook.rotated',
  'webhook.revoked',
  'settings.updated',
  'reading_list.created',
  'reading_list.deleted',
  'reading_list.item_added',
  'reading_list.item_removed',
  'factor_category.created',
  'factor_category.updated',
  'waiver.requested',
  'waiver.approved',
  'waiver.withdrawn',
  'meeting.started',
  'meeting.ended',
  'launch.outcome_recorded',
  'launch.outcome_edited',
  'calendar_key.rotated',
  'proposal.created',
  'proposal.accepted',
  'proposal.declined',
  'proposal.withdrawn',
  'request.created',
  'request.withdrawn',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEventInput = {
  actor: Actor | null;
  actorLabel?: string;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
};

/** Append one audit event (never updated or deleted). Call it inside the transaction of the change it records. */
export async function recordAudit(db: Tx, event: AuditEventInput): Promise<void> {
  await db.insert(auditEvents).values(auditRowOf(event));
}

/** The row an audit event is stored as (for a caller that writes it together with its change in one statement). */
export function auditRowOf(event: AuditEventInput): typeof auditEvents.$inferInsert {
  return {
    actorId: event.actor && event.actor.via !== 'system' ? event.actor.id : null,
    actorLabel:
      event.actorLabel ?? (event.actor ? `${event.actor.email}${event.actor.via === 'token' ? ' (API token)' : ''}` : 'anonymous'),
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    ip: event.ip ?? null,
    details: event.details ?? {},
  };
}

const DateSchema = z.iso.date('use a date like 2026-01-31');

/** Filters of the audit log page; every value comes from the query string. */
export const AuditFilterSchema = z.object({
  action: z.union([z.literal(''), z.enum(AUDIT_ACTIONS, 'choose an action from the list')]).optional(),
  actor: safeText().trim().max(254).optional(),
  from: z.union([z.literal(''), DateSchema]).optional(),
  to: z.union([z.literal(''), DateSchema]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export type AuditEventView = {
  id: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

/** Newest first; `from`/`to` are UTC dates, both inclusive. Reads only: nothing updates or deletes audit rows. */
export async function listAuditEvents(
  db: Database,
  opts: { filter: AuditFilter; pageSize?: number },
): Promise<{ items: AuditEventView[]; hasMore: boolean }> {
  const { filter } = opts;
  const size = opts.pageSize ?? 50;
  const where: SQL[] = [];
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.actor) {
    const like = `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(auditEvents.actorLabel, like), sql`${auditEvents.actorId}::text = ${filter.actor}`)!);
  }
  if (filter.from) where.push(gte(auditEvents.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) where.push(lt(auditEvents.at, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86400_000)));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(size + 1)
    .offset((filter.page - 1) * size);
  return {
    items: rows.slice(0, size).map((r) => ({ ...r, at: r.at.toISOString(), details: r.details ?? {} })),
    hasMore: rows.length > size,
  };
}
