import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type Database, rowsOf } from '../../db/client';
import { documentReads, documents, readingListItems, readingLists, users } from '../../db/schema';
import { HttpError, forbidden, notFound, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { documentAccess } from '~/models/access.server';
import { recordAudit } from '~/models/audit.server';
import type { Actor } from '~/models/types';

/**
 * Learning reach: who has read which review, "on this day" (incidents from earlier years' same week), and reading
 * lists admins curate. A read is one row per person and document (first and last time), written when the person
 * opens the document's page: the count says how many people read it, not how often it was reloaded.
 */

/** Note that the actor opened a document's page (one statement; the first read is kept). */
export async function recordRead(db: Database, actor: Actor, documentId: string, now = new Date()): Promise<void> {
  if (actor.via === 'system') return;
  await db
    .insert(documentReads)
    .values({ documentId, userId: actor.id, firstReadAt: now, lastReadAt: now })
    .onConflictDoUpdate({ target: [documentReads.documentId, documentReads.userId], set: { lastReadAt: now } });
}

/**
 * Note that the actor opened a document's page and answer how many people have read it, this read included, in one
 * statement (the page's count): the others' reads, plus this person's own.
 */
export async function recordReadAndCount(db: Database, actor: Actor, documentId: string, now = new Date()): Promise<number> {
  if (actor.via === 'system') return readCount(db, documentId);
  const [row] = rowsOf(
    await db.execute(sql`
      with this_read as (
        insert into ${documentReads} (document_id, user_id, first_read_at, last_read_at)
        values (${documentId}, ${actor.id}, ${now.toISOString()}, ${now.toISOString()})
        on conflict (document_id, user_id) do update set last_read_at = excluded.last_read_at
        returning 1
      )
      select (select count(*) from ${documentReads} where document_id = ${documentId} and user_id <> ${actor.id})
           + (select count(*) from this_read) as n`),
  );
  return Number(row?.n ?? 0);
}

/** How many people have read a document. */
export async function readCount(db: Database, documentId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(documentReads).where(eq(documentReads.documentId, documentId));
  return Number(row?.n ?? 0);
}

export type OnThisDay = { id: string; title: string; severity: string | null; service: string | null; startedAt: string; yearsAgo: number };

/**
 * Published incidents that started within three days of today's date in each of the last ten years, newest year
 * first (at most 5). One range per year on the indexed start column.
 */
export async function onThisDay(db: Database, opts: { actor: Actor; now: Date }): Promise<OnThisDay[]> {
  const year = opts.now.getUTCFullYear();
  const cols = {
    id: documents.id,
    title: documents.title,
    severity: documents.severity,
    service: documents.service,
    startedAt: documents.startedAt,
  };
  // One week per past year, each its own short range scan (documents_rca_published_started_idx) that stops after five:
  // an OR of the ten ranges let the planner walk the whole started_at index backwards (~100 ms at 100,000 documents).
  const weeks = Array.from({ length: 10 }, (_, i) => {
    const center = Date.UTC(year - i - 1, opts.now.getUTCMonth(), opts.now.getUTCDate());
    return db
      .select(cols)
      .from(documents)
      .where(
        and(
          documentAccess(opts.actor),
          eq(documents.kind, 'rca'),
          eq(documents.status, 'published'),
          sql`${documents.startedAt} >= ${new Date(center - 3 * 86_400_000).toISOString()}::timestamptz`,
          sql`${documents.startedAt} < ${new Date(center + 4 * 86_400_000).toISOString()}::timestamptz`,
        ),
      )
      .orderBy(sql`${documents.startedAt} desc`)
      .limit(5);
  });
  const [a, b, ...rest] = weeks;
  const rows = await unionAll(a, b, ...rest)
    .orderBy(sql`started_at desc`)
    .limit(5);
  return rows.map((r) => ({
    ...r,
    startedAt: r.startedAt?.toISOString() ?? '',
    yearsAgo: year - (r.startedAt?.getUTCFullYear() ?? year),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading lists
// ---------------------------------------------------------------------------------------------------------------

export const ReadingListSchema = z
  .object({
    title: safeText().trim().min(1, 'give the list a title').max(200, 'keep the title under 200 characters'),
    description: safeText().trim().max(2000, 'keep the description under 2,000 characters').default(''),
  })
  .strict();

/** A document named by its id or by a link to its page (`https://kaizen.example/docs/<id>`, `/docs/<id>`). */
export const AddItemSchema = z
  .object({
    document: safeText()
      .trim()
      .min(1, 'paste a link to a published review, or its id')
      .max(2000)
      .transform((s) => /\/docs\/([A-Za-z0-9_-]+)/.exec(s)?.[1] ?? s),
  })
  .strict();

export const MoveItemSchema = z.object({ document: z.string().min(1).max(200), direction: z.enum(['up', 'down']) }).strict();

/** Lists and documents have UUID ids: anything else (a NUL byte, a slug) is simply not found, never sent to SQL. */
const Uuid = z.string().uuid();
function listIdOrNotFound(id: string): string {
  if (!Uuid.safeParse(id).success) throw notFound('No such reading list.');
  return id;
}

const requireAdmin = (actor: Actor) => {
  if (actor.role !== 'admin') throw forbidden('Only admins curate reading lists.');
};

export type ReadingListSummary = { id: string; title: string; description: string; items: number; readByMe: number };

/** Every list with how many of its reviews the actor has read. */
export async function listReadingLists(db: Database, actor: Actor): Promise<ReadingListSummary[]> {
  const rows = await db
    .select({
      id: readingLists.id,
      title: readingLists.title,
      description: readingLists.description,
      items: sql<number>`(select count(*)::int from ${readingListItems} i join ${documents} d on d.id = i.document_id where i.list_id = "reading_lists"."id" and d.status = 'published')`,
      readByMe: sql<number>`(select count(*)::int from ${readingListItems} i join ${documents} d on d.id = i.document_id
        join ${documentReads} r on r.document_id = i.document_id and r.user_id = ${actor.id}
        where i.list_id = "reading_lists"."id" and d.status = 'published')`,
    })
    .from(readingLists)
    .orderBy(asc(readingLists.createdAt), asc(readingLists.id))
    .limit(200);
  return rows.map((r) => ({ ...r, items: Number(r.items), readByMe: Number(r.readByMe) }));
}

export type ReadingListItemView = {
  documentId: string;
  title: string;
  severity: string | null;
  service: string | null;
  readByMe: string | null;
  readers: number;
};

/**
 * One list: its published reviews in order, whether the actor read each, how many people read each; for admins
 * also who has read which (every account that is not disabled, with the reviews each has read).
 */
export async function getReadingList(db: Database, opts: { actor: Actor; id: string }) {
  listIdOrNotFound(opts.id);
  const [list] = await db.select().from(readingLists).where(eq(readingLists.id, opts.id));
  if (!list) throw notFound('No such reading list.');
  const items = await db
    .select({
      documentId: documents.id,
      title: documents.title,
      severity: documents.severity,
      service: documents.service,
      readByMe: sql<Date | null>`(select r.first_read_at from ${documentReads} r where r.document_id = "documents"."id" and r.user_id = ${opts.actor.id})`,
      readers: sql<number>`(select count(*)::int from ${documentReads} r where r.document_id = "documents"."id")`,
    })
    .from(readingListItems)
    .innerJoin(documents, eq(documents.id, readingListItems.documentId))
    .where(and(eq(readingListItems.listId, list.id), eq(documents.status, 'published')))
    .orderBy(asc(readingListItems.position), asc(documents.id));
  const view: ReadingListItemView[] = items.map((i) => ({
    ...i,
    readByMe: i.readByMe ? new Date(i.readByMe).toISOString() : null,
    readers: Number(i.readers),
  }));
  let people: { id: string; label: string; read: string[] }[] | null = null;
  if (opts.actor.role === 'admin') {
    const accounts = await db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(isNull(users.disabledAt))
      .orderBy(asc(users.name), asc(users.email))
      .limit(500);
    const ids = view.map((i) => i.documentId);
    const reads = ids.length
      ? await db
          .select({ userId: documentReads.userId, documentId: documentReads.documentId })
          .from(documentReads)
          .where(inArray(documentReads.documentId, ids))
      : [];
    people = accounts.map((a) => ({
      id: a.id,
      label: a.name || a.email,
      read: reads.filter((r) => r.userId === a.id).map((r) => r.documentId),
    }));
  }
  return {
    id: list.id,
    title: list.title,
    description: list.description,
    items: view,
    people,
  };
}

export async function createReadingList(db: Database, opts: { actor: Actor; input: unknown }): Promise<{ id: string }> {
  requireAdmin(opts.actor);
  const r = ReadingListSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(readingLists).values({ id, title: r.data.title, description: r.data.description, createdBy: opts.actor.id });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'reading_list.created',
      targetType: 'reading_list',
      targetId: id,
      details: { title: r.data.title },
    });
  });
  return { id };
}

export async function deleteReadingList(db: Database, opts: { actor: Actor; id: string }): Promise<void> {
  requireAdmin(opts.actor);
  listIdOrNotFound(opts.id);
  await db.transaction(async (tx) => {
    const gone = await tx.delete(readingLists).where(eq(readingLists.id, opts.id)).returning({ title: readingLists.title });
    if (!gone.length) throw notFound('No such reading list.');
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'reading_list.deleted',
      targetType: 'reading_list',
      targetId: opts.id,
      details: { title: gone[0].title },
    });
  });
}

/** Add a published review at the end of a list (adding one already there changes nothing). */
export async function addToReadingList(db: Database, opts: { actor: Actor; id: string; input: unknown }): Promise<void> {
  requireAdmin(opts.actor);
  const r = AddItemSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  listIdOrNotFound(opts.id);
  const documentId = r.data.document;
  if (!Uuid.safeParse(documentId).success)
    throw new HttpError(400, 'invalid', 'That is not a link to a review.', [
      { path: ['document'], message: 'paste a link to a published review, or its id' },
    ]);
  await db.transaction(async (tx) => {
    const [list] = await tx.select({ id: readingLists.id }).from(readingLists).where(eq(readingLists.id, opts.id)).for('update');
    if (!list) throw notFound('No such reading list.');
    const [doc] = await tx.select({ id: documents.id, status: documents.status }).from(documents).where(eq(documents.id, documentId));
    if (doc?.status !== 'published')
      throw new HttpError(400, 'invalid', 'Reading lists hold published reviews: that one is not published, or does not exist.', [
        { path: ['document'], message: 'paste a link to a published review' },
      ]);
    const [last] = await tx
      .select({ n: sql<number>`coalesce(max(${readingListItems.position}), -1)` })
      .from(readingListItems)
      .where(eq(readingListItems.listId, list.id));
    await tx
      .insert(readingListItems)
      .values({ listId: list.id, documentId: doc.id, position: Number(last?.n ?? -1) + 1 })
      .onConflictDoNothing();
    await tx.update(readingLists).set({ updatedAt: new Date() }).where(eq(readingLists.id, list.id));
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'reading_list.item_added',
      targetType: 'reading_list',
      targetId: list.id,
      details: { documentId: doc.id },
    });
  });
}

export async function removeFromReadingList(db: Database, opts: { actor: Actor; id: string; documentId: string }): Promise<void> {
  requireAdmin(opts.actor);
  listIdOrNotFound(opts.id);
  if (!Uuid.safeParse(opts.documentId).success) throw notFound('That review is not on this list.');
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(readingListItems)
      .where(and(eq(readingListItems.listId, opts.id), eq(readingListItems.documentId, opts.documentId)))
      .returning({ documentId: readingListItems.documentId });
    if (!gone.length) throw notFound('That review is not on this list.');
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'reading_list.item_removed',
      targetType: 'reading_list',
      targetId: opts.id,
      details: { documentId: opts.documentId },
    });
  });
}

/** Swap a review with its neighbour above or below. */
export async function moveInReadingList(db: Database, opts: { actor: Actor; id: string; input: unknown }): Promise<void> {
  requireAdmin(opts.actor);
  const r = MoveItemSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  listIdOrNotFound(opts.id);
  await db.transaction(async (tx) => {
    const rows = await tx
      .select({ documentId: readingListItems.documentId, position: readingListItems.position })
      .from(readingListItems)
      .where(eq(readingListItems.listId, opts.id))
      .orderBy(asc(readingListItems.position), asc(readingListItems.documentId))
      .for('update');
    const i = rows.findIndex((x) => x.documentId === r.data.document);
    if (i < 0) throw notFound('That review is not on this list.');
    const j = r.data.direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= rows.length) return;
    [rows[i], rows[j]] = [rows[j], rows[i]];
    for (const [position, row] of rows.entries())
      await tx
        .update(readingListItems)
        .set({ position })
        .where(and(eq(readingListItems.listId, opts.id), eq(readingListItems.documentId, row.documentId)));
  });
}
