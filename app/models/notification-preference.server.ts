import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../db/enums';
import { notificationPreferences } from '../../db/schema';
import type { Actor } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Kinds that ask something of the person (or tell them something is late): emailed unless they turn it off. */
export const EMAIL_BY_DEFAULT: readonly NotificationKind[] = [
  'mention',
  'review_request',
  'signoff_request',
  'assigned',
  'action_overdue',
  'rca_due',
  'weekly_summary',
];

/** What each kind is called on the preferences page and in the API's `label`. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  mention: 'Someone mentions me',
  comment: 'A comment on my document',
  reply: 'A reply in a thread I am in',
  review_request: 'I am asked to review',
  signoff_request: 'I am asked to sign off',
  assigned: 'An action item is assigned to me',
  action_due_soon: 'My action item is due in 3 days',
  action_overdue: 'My action item is overdue',
  rca_due: 'My RCA is past its due date',
  weekly_summary: 'Weekly summary of what waits on me',
};

export type Preference = { kind: NotificationKind; label: string; inApp: boolean; email: boolean };

export const defaultPreference = (kind: NotificationKind) => ({ inApp: true, email: EMAIL_BY_DEFAULT.includes(kind) });

/** Every kind with the person's choice, or the default where they made none. */
export async function getNotificationPreferences(db: Database | Tx, opts: { actor: Actor }): Promise<Preference[]> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, opts.actor.id));
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return NOTIFICATION_KINDS.map((kind) => {
    const row = byKind.get(kind);
    return { kind, label: NOTIFICATION_KIND_LABELS[kind], ...(row ? { inApp: row.inApp, email: row.email } : defaultPreference(kind)) };
  });
}

export const PreferencesInputSchema = z
  .object({
    preferences: z
      .array(z.object({ kind: z.enum(NOTIFICATION_KINDS), inApp: z.boolean(), email: z.boolean() }).strict())
      .max(NOTIFICATION_KINDS.length * 2),
  })
  .strict();
export type PreferencesInput = z.infer<typeof PreferencesInputSchema>;

/** Save the named kinds (kinds left out keep their current choice); answers the whole list. */
export async function saveNotificationPreferences(db: Database, opts: { actor: Actor; input: PreferencesInput }): Promise<Preference[]> {
  const latest = new Map(opts.input.preferences.map((p) => [p.kind, p]));
  if (latest.size)
    await db
      .insert(notificationPreferences)
      .values([...latest.values()].map((p) => ({ userId: opts.actor.id, kind: p.kind, inApp: p.inApp, email: p.email })))
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind],
        set: { inApp: sqlExcluded('in_app'), email: sqlExcluded('email'), updatedAt: new Date() },
      });
  return getNotificationPreferences(db, opts);
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

/** The choices of several people for some kinds, as `userId:kind` → preference (defaults where no row). */
export async function preferencesFor(
  tx: Database | Tx,
  pairs: { userId: string; kind: NotificationKind }[],
): Promise<(userId: string, kind: NotificationKind) => { inApp: boolean; email: boolean }> {
  const userIds = [...new Set(pairs.map((p) => p.userId))];
  const rows = userIds.length
    ? await tx
        .select()
        .from(notificationPreferences)
        .where(
          and(
            inArray(notificationPreferences.userId, userIds),
            inArray(notificationPreferences.kind, [...new Set(pairs.map((p) => p.kind))]),
          ),
        )
    : [];
  const map = new Map(rows.map((r) => [`${r.userId}:${r.kind}`, { inApp: r.inApp, email: r.email }]));
  return (userId, kind) => map.get(`${userId}:${kind}`) ?? defaultPreference(kind);
}
