import { and, eq, inArray, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, rowsOf } from '../../db/client';
import type { NotificationKind } from '../../db/enums';
import { documents, emailOutbox, notifications, users } from '../../db/schema';
import { canEdit } from '~/models/access.server';
import { preferencesFor } from '~/models/notification-preference.server';
import type { Actor } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export type { NotificationKind };
export type NewNotification = typeof notifications.$inferInsert;

// Whether this process queues emails: switched on by startEmailSender (only when SMTP_URL is set), so a server
// without SMTP does not pile up mail no one sends (docs/decisions/027-email-and-reminders.md).
let emailQueueing = false;
export function setEmailQueueing(on: boolean): void {
  emailQueueing = on;
}

/**
 * Writes notices, one row per recipient, in the caller's transaction so a notice exists exactly when what it
 * tells of does. Every kind (comments, mentions, requests, assignments, reminders) goes through here. Each person's
 * preferences decide: the inbox row is left out when they turned the kind off in the app, and an email is queued
 * (email_outbox, same transaction) when they want it by email and this server sends email.
 */
export async function addNotifications(tx: Database | Tx, rows: NewNotification[]): Promise<void> {
  if (!rows.length) return;
  const pref = await preferencesFor(tx, rows);
  const inApp = rows.filter((r) => pref(r.userId, r.kind).inApp);
  if (inApp.length) await tx.insert(notifications).values(inApp);
  if (!emailQueueing) return;
  const byEmail = rows.filter((r) => pref(r.userId, r.kind).email);
  if (!byEmail.length) return;
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(inArray(users.id, [...new Set(byEmail.map((r) => r.userId))]), isNull(users.disabledAt)));
  const address = new Map(people.map((p) => [p.id, p.email]));
  const mails = byEmail.flatMap((r) => {
    const to = address.get(r.userId);
    return to
      ? [
          {
            userId: r.userId,
            toAddress: to,
            kind: r.kind,
            documentId: r.documentId ?? null,
            commentId: r.commentId ?? null,
            summary: r.summary,
          },
        ]
      : [];
  });
  if (mails.length) await tx.insert(emailOutbox).values(mails);
}

export const MarkReadSchema = z
  .object({ ids: z.array(z.number().int().positive()).max(500).optional(), all: z.boolean().optional() })
  .strict()
  .refine((v) => v.all || v.ids?.length, { message: 'name the notices (ids) or all: true', path: ['ids'] });

export type NotificationView = {
  id: number;
  kind: NotificationKind;
  documentId: string | null;
  commentId: string | null;
  actorLabel: string;
  summary: string;
  createdAt: string;
  read: boolean;
};

/** The actor's inbox, newest first, keyset-paged by id. Notices about documents they can no longer read are left out. */
export async function listNotifications(
  db: Database,
  opts: { actor: Actor; before?: number; limit?: number },
): Promise<{ items: NotificationView[]; nextBefore: number | null; unread: number }> {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const readable = canEdit(opts.actor) ? sql`true` : sql`(${notifications.documentId} is null or ${documents.status} = 'published')`;
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      documentId: notifications.documentId,
      commentId: notifications.commentId,
      actorLabel: notifications.actorLabel,
      summary: notifications.summary,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .leftJoin(documents, eq(documents.id, notifications.documentId))
    .where(and(eq(notifications.userId, opts.actor.id), readable, opts.before ? sql`${notifications.id} < ${opts.before}` : sql`true`))
    .orderBy(sql`${notifications.id} desc`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      documentId: n.documentId,
      commentId: n.commentId,
      actorLabel: n.actorLabel,
      summary: n.summary,
      createdAt: n.createdAt.toISOString(),
      read: !!n.readAt,
    })),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    unread: await unreadCount(db, opts.actor),
  };
}

/**
 * How many unread notices a user has (the header's badge), counted up to 100 so a huge backlog costs little: an SQL
 * expression, so the session's statement can carry it (auth.server) as well as unreadCount.
 */
export const unreadCountOf = (userId: SQLWrapper | string) =>
  sql<number>`(select count(*) from (select 1 from ${notifications} where ${notifications.userId} = ${userId} and ${notifications.readAt} is null limit 100) n)`.mapWith(
    Number,
  );

/** How many unread notices the actor has, up to 100 (see unreadCountOf). */
export async function unreadCount(db: Database, actor: Actor): Promise<number> {
  const [row] = rowsOf(await db.execute(sql`select ${unreadCountOf(actor.id)} as n`));
  return Number(row?.n ?? 0);
}

/** Mark some (or, with `all`, every) notice of the actor read. Another person's notices are never touched. */
export async function markNotificationsRead(db: Database, opts: { actor: Actor; ids?: number[]; all?: boolean }): Promise<number> {
  const ids = (opts.ids ?? []).filter((n) => Number.isSafeInteger(n) && n > 0).slice(0, 500);
  if (!opts.all && !ids.length) return 0;
  const updated = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(eq(notifications.userId, opts.actor.id), isNull(notifications.readAt), opts.all ? sql`true` : inArray(notifications.id, ids)),
    )
    .returning({ id: notifications.id });
  return updated.length;
}
