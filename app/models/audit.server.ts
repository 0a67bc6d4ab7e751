import type { Database } from '../../db/client';
import { auditEvents } from '../../db/schema';
import type { Actor } from './types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.password_changed',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'token.created',
  'token.revoked',
  'template.created',
  'document.created',
  'document.edited',
  'document.transitioned',
  'document.restored',
  'document.deleted',
  'action_item.created',
  'action_item.edited',
  'signoff.created',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Append one audit event (never updated or deleted). Call it inside the transaction of the change it records. */
export async function recordAudit(
  db: Tx,
  event: { actor: Actor | null; actorLabel?: string; action: AuditAction; targetType?: string; targetId?: string; ip?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: event.actor && event.actor.via !== 'system' ? event.actor.id : null,
    actorLabel: event.actorLabel ?? (event.actor ? `${event.actor.email}${event.actor.via === 'token' ? ' (API token)' : ''}` : 'anonymous'),
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    ip: event.ip ?? null,
    details: event.details ?? {},
  });
}
