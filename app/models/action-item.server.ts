import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import { rowsOf, type Database } from '../../db/client';
import { ACTION_KINDS, ACTION_STATUSES, actionItems, documents } from '../../db/schema';
import { isIsoDate } from '~/lib/time';
import { COUNT_CAP } from '~/lib/count';
import { cappedCount } from '~/lib/capped-count.server';
import type { ActionItemView, Actor } from '~/models/types';
import { actionItemAccess, documentAccess } from '~/models/access.server';
import { afterKey, decodeCursor, encodeCursor, exactInstant } from '~/lib/cursor.server';
import { actionItemRef, emitWebhookEvent, loadDocumentRef } from '~/models/webhook-event.server';
import { notifyAssigned, ownerResolver } from '~/models/assignment.server';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

const optionalText = (max: number) => z.preprocess((v) => (v === '' ? null : v), safeText().trim().max(max).nullable().optional());

/** Re-exported so pages import the lists from a .server module (db/schema in a route ships drizzle to the browser). */
export { ACTION_KINDS, ACTION_STATUSES };

export const ActionItemInputSchema = z.object({
  id: safeText().max(100).optional(),
  title: safeText().trim().min(1, 'give the action a title').max(500),
  kind: z.enum(ACTION_KINDS).optional(),
  owner: optionalText(200),
  /** The API may name the owner's account by id; the owner text then becomes its name. */
  ownerUserId: safeText().trim().max(100).optional(),
  dueDate: z.preprocess((v) => (v === '' ? null : v), safeText().refine(isIsoDate, 'use a date like 2016-06-30').nullable().optional()),
  status: z.enum(ACTION_STATUSES).optional(),
  url: z.preprocess(
    (v) => (v === '' ? null : v),
    safeText()
      .trim()
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'use a full http(s):// address')
      .nullable()
      .optional(),
  ),
});
export type ActionItemInput = z.infer<typeof ActionItemInputSchema>;

export const ActionItemPatchSchema = ActionItemInputSchema.omit({ id: true })
  .partial()
  .extend({ version: z.number().int().positive() })
  .strict();

export function toActionItemView(r: typeof actionItems.$inferSelect): ActionItemView {
  return {
    id: r.id,
    documentId: r.documentId,
    fieldKey: r.fieldKey,
    version: r.version,
    title: r.title,
    kind: r.kind,
    owner: r.owner,
    ownerUserId: r.ownerUserId,
    dueDate: r.dueDate,
    status: r.status,
    url: r.url,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
  };
}

const isClosed = (s: string) => s === 'done' || s === 'wont_do';

/**
 * Replace the items of one actions field with `rows` (the form or API sends the whole list):
 * rows with an id update that item, rows without create one, items not listed are deleted.
 */
export async function syncActionItems(
  tx: Tx,
  opts: { documentId: string; fieldKey: string; rows: ActionItemInput[]; defaultKind: string; actor?: Actor },
): Promise<void> {
  const resolveOwner = ownerResolver(tx, opts.documentId);
  const existing = await tx
    .select()
    .from(actionItems)
    .where(and(eq(actionItems.documentId, opts.documentId), eq(actionItems.fieldKey, opts.fieldKey)));
  const byId = new Map(existing.map((e) => [e.id, e]));
  const keep = new Set<string>();
  for (const [position, row] of opts.rows.entries()) {
    const prior = row.id ? byId.get(row.id) : undefined;
    const status = row.status ?? prior?.status ?? 'open';
    const ownerText = row.owner === undefined ? (prior?.owner ?? null) : row.owner;
    // An owner whose text did not change keeps its link (or its lack of one): only a new owner is looked up.
    const owner =
      prior && row.ownerUserId === undefined && ownerText === prior.owner
        ? { owner: prior.owner, ownerUserId: prior.ownerUserId }
        : await resolveOwner({ owner: ownerText, ownerUserId: row.ownerUserId });
    const values = {
      title: row.title,
      kind: (row.kind ?? prior?.kind ?? opts.defaultKind) as (typeof ACTION_KINDS)[number],
      ...owner,
      dueDate: row.dueDate === undefined ? (prior?.dueDate ?? null) : row.dueDate,
      status,
      url: row.url === undefined ? (prior?.url ?? null) : row.url,
      position,
    };
    if (prior) {
      keep.add(prior.id);
      const same = Object.entries(values).every(([k, v]) => (prior as Record<string, unknown>)[k] === v);
      if (same) continue;
      const [updated] = await tx
        .update(actionItems)
        .set({
          ...values,
          version: prior.version + 1,
          updatedAt: new Date(),
          completedAt: isClosed(status) ? (prior.completedAt ?? new Date()) : null,
        })
        .where(eq(actionItems.id, prior.id))
        .returning();
      await emitActionItemEvents(tx, { before: prior, after: toActionItemView(updated) });
      await notifyAssigned(tx, { actor: opts.actor, before: prior, after: updated });
    } else {
      const [inserted] = await tx
        .insert(actionItems)
        .values({
          id: randomUUID(),
          documentId: opts.documentId,
          fieldKey: opts.fieldKey,
          ...values,
          completedAt: isClosed(status) ? new Date() : null,
        })
        .returning();
      await emitActionItemEvents(tx, { before: null, after: toActionItemView(inserted) });
      await notifyAssigned(tx, { actor: opts.actor, before: null, after: inserted });
    }
  }
  const gone = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
  if (gone.length) await tx.delete(actionItems).where(inArray(actionItems.id, gone));
}

/** Outbound webhook events of one item write (in its transaction): created, and done when its status became done. */
export async function emitActionItemEvents(tx: Tx, opts: { before: { status: string } | null; after: ActionItemView }): Promise<void> {
  const data = async () => ({ actionItem: actionItemRef(opts.after), document: await loadDocumentRef(tx, opts.after.documentId) });
  if (!opts.before) await emitWebhookEvent(tx, { type: 'action_item.created', data });
  if (opts.after.status === 'done' && opts.before?.status !== 'done') await emitWebhookEvent(tx, { type: 'action_item.done', data });
}

export async function listDocumentActionItems(db: Tx, documentId: string): Promise<ActionItemView[]> {
  const rows = await db
    .select()
    .from(actionItems)
    .where(eq(actionItems.documentId, documentId))
    .orderBy(asc(actionItems.fieldKey), asc(actionItems.position));
  return rows.map(toActionItemView);
}

// Single-item writes (API, /actions, the document page) are in action-item-change.server.ts: each is a
// change of its document too (version, revision, search text, audit, decision).

export const ActionItemFilterSchema = z.object({
  status: z.enum(ACTION_STATUSES).optional(),
  owner: safeText().max(200).optional(),
  /** `me`: the items whose owner is the asker's account. */
  assignee: z.enum(['me']).optional(),
  kind: z.enum(ACTION_KINDS).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: safeText().max(300).optional(),
});
export type ActionItemFilter = z.infer<typeof ActionItemFilterSchema>;

/** The /actions order: due date (none last), then age, then id; `action_items_due_order_idx` holds it. */
const dueKey = sql`coalesce(${actionItems.dueDate}, 'infinity'::date)`;
const OPEN = sql.raw(`('open', 'in_progress')`); // literal, so the planner matches action_items_open_due_idx

/** Action items across documents the actor may read, soonest due first; keyset-paged (see app/lib/cursor.server.ts). */
export async function listActionItems(db: Database, opts: { actor: Actor; filter: ActionItemFilter; today: string }) {
  const { filter } = opts;
  const where: SQL[] = [];
  where.push(documentAccess(opts.actor));
  if (filter.status) where.push(eq(actionItems.status, filter.status));
  if (filter.kind) where.push(eq(actionItems.kind, filter.kind));
  if (filter.owner) where.push(sql`lower(${actionItems.owner}) = lower(${filter.owner})`);
  if (filter.assignee === 'me') where.push(eq(actionItems.ownerUserId, opts.actor.id));
  // Written on the sort key so the index scan stops at today (an item without a due date is never overdue).
  if (filter.overdue === 'true') where.push(sql`${dueKey} < ${opts.today}::date and ${actionItems.status} in ${OPEN}`);
  const cursor = decodeCursor(filter.cursor, 3);
  if (cursor && 'keyset' in cursor) {
    const [due, at, id] = cursor.keyset;
    where.push(
      afterKey(
        [dueKey, sql`${actionItems.createdAt}`, sql`${actionItems.id}`],
        [sql`${due}::date`, sql`${at}::timestamptz`, sql`${id}`],
        '>',
      ),
    );
  }
  const rows = await db
    .select({
      item: actionItems,
      documentTitle: documents.title,
      documentStatus: documents.status,
      keyDue: sql<string>`${dueKey}::text`,
      keyAt: exactInstant(actionItems.createdAt),
    })
    .from(actionItems)
    .innerJoin(documents, eq(documents.id, actionItems.documentId))
    .where(and(...where))
    .orderBy(dueKey, asc(actionItems.createdAt), asc(actionItems.id))
    .limit(filter.limit + 1)
    .offset(cursor && 'offset' in cursor ? cursor.offset : 0);
  const more = rows.length > filter.limit;
  const last = rows[filter.limit - 1];
  return {
    items: rows.slice(0, filter.limit).map((r) => ({
      ...toActionItemView(r.item),
      documentTitle: r.documentTitle,
      overdue: !!r.item.dueDate && r.item.dueDate < opts.today && !isClosed(r.item.status),
    })),
    nextCursor: more && last ? encodeCursor([last.keyDue, last.keyAt, last.item.id]) : null,
  };
}

/** Counts for the top of /actions, each capped (app/lib/count.ts): `cap + 1` means more than `cap`. */
export type ActionItemCounts = { open: number; inProgress: number; overdue: number; done: number; wontDo: number; cap: number };

/**
 * Counts for the top of /actions, over every item the actor may read (filters not applied). Each count reads at most
 * cap + 1 entries of one index (action_items_status_due_idx and action_items_open_due_idx for editors, who read every
 * item; action_items_document_status_idx for viewers): exact while small, "1,000+" beyond, the same cost at any size.
 * One statement, one round trip.
 */
export async function countActionItems(db: Database, opts: { actor: Actor; today: string; cap?: number }): Promise<ActionItemCounts> {
  const cap = opts.cap ?? COUNT_CAP;
  const items = (where: SQL) =>
    db
      .select({ one: sql`1` })
      .from(actionItems)
      .where(and(actionItemAccess(opts.actor), where));
  const byStatus = (status: (typeof ACTION_STATUSES)[number]) => cappedCount(items(sql`${actionItems.status} = ${status}`), cap);
  // Overdue stated twice over: as action_items_open_due_idx has it (coalesce, literal statuses) for editors, and as a
  // due_date range for action_items_document_status_idx (viewers). A missing due date is never overdue in either.
  const overdue = cappedCount(
    items(
      sql`coalesce(${actionItems.dueDate}, 'infinity'::date) < ${opts.today}::date and ${actionItems.dueDate} < ${opts.today}::date and ${actionItems.status} in ('open', 'in_progress')`,
    ),
    cap,
  );
  const [row] = rowsOf(
    await db.execute(
      sql`select ${byStatus('open')} as open, ${byStatus('in_progress')} as in_progress, ${overdue} as overdue, ${byStatus('done')} as done, ${byStatus('wont_do')} as wont_do`,
    ),
  );
  return {
    open: Number(row?.open ?? 0),
    inProgress: Number(row?.in_progress ?? 0),
    overdue: Number(row?.overdue ?? 0),
    done: Number(row?.done ?? 0),
    wontDo: Number(row?.wont_do ?? 0),
    cap,
  };
}
