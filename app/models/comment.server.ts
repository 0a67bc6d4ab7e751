import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { appSettings, comments, documents } from '../../db/schema';
import { HttpError, conflict, forbidden, notFound, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { canEdit } from '~/models/access.server';
import { recordAudit } from '~/models/audit.server';
import { getDocument } from '~/models/document.server';
import { type Account, accountByHandle, mentionHandles, readersOf } from '~/models/accounts.server';
export { mentionHandles };
import { type NewNotification, addNotifications } from '~/models/notification.server';
import { fieldSearchText, fieldsOf } from '~/fields/text';
import type { Actor, DocumentView } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The setting an admin turns on to let viewers comment on published documents. */
export const VIEWER_COMMENTS_SETTING = 'comments.viewers';

export type CommentView = {
  id: string;
  parentId: string | null;
  fieldKey: string | null;
  quote: string | null;
  authorId: string | null;
  authorLabel: string;
  body: string;
  createdAt: string;
  /** Accounts named with @ in the body that were told (shown as links to nobody: just highlighted names). */
  mentions: string[];
};

export type ThreadView = CommentView & {
  version: number;
  resolvedAt: string | null;
  resolvedBy: string | null;
  /** Where the thread points now: the document, a section, a passage still in its section, or a passage an edit removed. */
  anchor: 'document' | 'section' | 'passage' | 'changed';
  /** The section's label (or null for the document). */
  sectionLabel: string | null;
  replies: CommentView[];
};

export const CommentInputSchema = z
  .object({
    body: safeText().trim().min(1, 'write a comment').max(5000, 'keep a comment under 5,000 characters'),
    fieldKey: safeText().trim().max(100).optional().nullable(),
    quote: safeText().trim().max(1000, 'quote at most 1,000 characters').optional().nullable(),
    parentId: safeText().trim().max(100).optional().nullable(),
  })
  .strict();

export const ResolveInputSchema = z.object({ resolved: z.boolean(), version: z.number().int().positive() }).strict();

/** Whether viewers may comment on published documents (an admin setting, off by default). */
export async function viewersMayComment(db: Database | Tx): Promise<boolean> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, VIEWER_COMMENTS_SETTING));
  return row?.value === true;
}

export async function setViewersMayComment(db: Database, opts: { actor: Actor; allowed: boolean }): Promise<void> {
  if (opts.actor.role !== 'admin') throw forbidden('Only admins change who may comment.');
  await db.transaction(async (tx) => {
    await tx
      .insert(appSettings)
      .values({ key: VIEWER_COMMENTS_SETTING, value: opts.allowed })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: opts.allowed, updatedAt: new Date() } });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'settings.updated',
      targetType: 'setting',
      targetId: VIEWER_COMMENTS_SETTING,
      details: { allowed: opts.allowed },
    });
  });
}

/** Why the actor may not comment on this document now, or null when they may. */
export function commentRefusal(actor: Actor, doc: Pick<DocumentView, 'status'>, viewersAllowed: boolean): string | null {
  if (doc.status === 'archived') return 'This document is archived: comments are closed.';
  if (canEdit(actor)) return null;
  if (doc.status !== 'published') return 'Viewers comment on published documents only.';
  return viewersAllowed ? null : 'Commenting is open to editors; an admin can let viewers comment on published documents.';
}

/** Resolve handles to readers: a whole e-mail address, or a local part that names exactly one reader. */
function resolveMentions(handles: string[], readers: Account[]): Account[] {
  const found = new Map<string, Account>();
  for (const h of handles) {
    const match = accountByHandle(h, readers);
    if (match) found.set(match.id, match);
  }
  return [...found.values()];
}

/** Up to 8 accounts that may read the document, matching the start of a name or e-mail address, for @ suggestions. */
export async function suggestMentions(db: Database, opts: { actor: Actor; documentId: string; q: string }) {
  const doc = await getDocument(db, { actor: opts.actor, id: opts.documentId });
  const q = opts.q.trim().replace(/^@/, '').toLowerCase();
  const readers = await readersOf(db, doc);
  return readers
    .filter(
      (u) =>
        !q ||
        u.email.toLowerCase().startsWith(q) ||
        u.name
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.startsWith(q)),
    )
    .sort((a, b) => a.email.localeCompare(b.email))
    .slice(0, 8)
    .map((u) => ({ handle: u.email.toLowerCase(), name: u.name || u.email }));
}

function sectionText(doc: DocumentView, fieldKey: string): string | null {
  const field = fieldsOf(doc.template).find((f) => f.key === fieldKey);
  return field ? fieldSearchText(field, doc) : null;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

function toCommentView(r: typeof comments.$inferSelect, mentions: string[]): CommentView {
  return {
    id: r.id,
    parentId: r.parentId,
    fieldKey: r.fieldKey,
    quote: r.quote,
    authorId: r.authorId,
    authorLabel: r.authorLabel,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
    mentions,
  };
}

/** Every thread of a document the actor may read, oldest first, with where each points in the current content. */
export async function listThreads(db: Database, opts: { actor: Actor; documentId: string; doc?: DocumentView }): Promise<ThreadView[]> {
  const doc = opts.doc ?? (await getDocument(db, { actor: opts.actor, id: opts.documentId }));
  const rows = await db
    .select()
    .from(comments)
    .where(eq(comments.documentId, doc.id))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(2000);
  const labels = new Map(fieldsOf(doc.template).map((f) => [f.key, f.label]));
  const roots = rows.filter((r) => !r.parentId);
  const replies = rows.filter((r) => r.parentId);
  return roots.map((r) => {
    let anchor: ThreadView['anchor'] = 'document';
    if (r.fieldKey) {
      const text = sectionText(doc, r.fieldKey);
      anchor = r.quote ? (text !== null && squash(text).includes(squash(r.quote)) ? 'passage' : 'changed') : 'section';
    }
    return {
      ...toCommentView(r, mentionHandles(r.body)),
      version: r.version,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      resolvedBy: r.resolvedBy,
      anchor,
      sectionLabel: r.fieldKey ? (labels.get(r.fieldKey) ?? r.fieldKey) : null,
      replies: replies.filter((c) => c.parentId === r.id).map((c) => toCommentView(c, mentionHandles(c.body))),
    };
  });
}

/**
 * Add a comment: a new thread on the document, a section or a passage of a section, or a reply to a thread. Mentioned
 * accounts that may read the document, the document's author and the thread's earlier commenters are told in their
 * inbox (never the person commenting).
 */
export async function createComment(db: Database, opts: { actor: Actor; documentId: string; input: unknown }): Promise<CommentView> {
  const r = CommentInputSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const input = r.data;
  const doc = await getDocument(db, { actor: opts.actor, id: opts.documentId });
  const refusal = commentRefusal(opts.actor, doc, await viewersMayComment(db));
  if (refusal) throw new HttpError(canEdit(opts.actor) ? 409 : 403, canEdit(opts.actor) ? 'read_only' : 'forbidden', refusal);
  let parent: typeof comments.$inferSelect | undefined;
  if (input.parentId) {
    [parent] = await db
      .select()
      .from(comments)
      .where(and(eq(comments.id, input.parentId), eq(comments.documentId, doc.id)));
    if (!parent)
      throw new HttpError(400, 'invalid', 'No such thread on this document.', [{ path: ['parentId'], message: 'no such thread' }]);
    if (parent.parentId)
      throw new HttpError(400, 'invalid', 'Reply to the first comment of a thread.', [{ path: ['parentId'], message: 'not a thread' }]);
    if (input.fieldKey || input.quote)
      throw new HttpError(400, 'invalid', 'A reply belongs to its thread: leave out the section and quote.', [
        { path: [input.fieldKey ? 'fieldKey' : 'quote'], message: 'a reply has no section of its own' },
      ]);
  }
  const fieldKey = input.fieldKey || null;
  const quote = input.quote || null;
  if (fieldKey) {
    const text = sectionText(doc, fieldKey);
    if (text === null)
      throw new HttpError(400, 'invalid', 'No such section in this document.', [
        { path: ['fieldKey'], message: 'choose a section of this document' },
      ]);
    if (quote && !squash(text).includes(squash(quote)))
      throw new HttpError(400, 'invalid', 'The quoted passage is not in that section (it may have just changed).', [
        { path: ['quote'], message: 'quote text that is in the section' },
      ]);
  } else if (quote) {
    throw new HttpError(400, 'invalid', 'Choose the section the quoted passage is in.', [
      { path: ['fieldKey'], message: 'choose the section of the quote' },
    ]);
  }
  const readers = await readersOf(db, doc);
  const mentioned = resolveMentions(mentionHandles(input.body), readers).filter((u) => u.id !== opts.actor.id);
  const id = randomUUID();
  const label = opts.actor.name || opts.actor.email;
  const row = await db.transaction(async (tx) => {
    const [current] = await tx.select({ status: documents.status }).from(documents).where(eq(documents.id, doc.id)).for('update');
    if (!current) throw notFound('No such document.');
    const again = commentRefusal(opts.actor, current, await viewersMayComment(tx));
    if (again) throw new HttpError(409, 'read_only', again);
    const [inserted] = await tx
      .insert(comments)
      .values({
        id,
        documentId: doc.id,
        parentId: parent?.id ?? null,
        fieldKey,
        quote,
        authorId: opts.actor.id,
        authorLabel: label,
        body: input.body,
      })
      .returning();
    const told = new Set<string>([opts.actor.id]);
    const rows: NewNotification[] = [];
    const excerpt = input.body.length > 120 ? `${input.body.slice(0, 119)}…` : input.body;
    for (const u of mentioned) {
      told.add(u.id);
      rows.push({
        userId: u.id,
        kind: 'mention',
        documentId: doc.id,
        commentId: id,
        actorLabel: label,
        summary: `${label} mentioned you on “${doc.title}”: ${excerpt}`,
      });
    }
    const readerIds = new Set(readers.map((u) => u.id));
    if (parent) {
      const earlier = await tx
        .selectDistinct({ authorId: comments.authorId })
        .from(comments)
        .where(and(sql`(${comments.id} = ${parent.id} or ${comments.parentId} = ${parent.id})`));
      for (const e of earlier) {
        if (!e.authorId || told.has(e.authorId) || !readerIds.has(e.authorId)) continue;
        told.add(e.authorId);
        rows.push({
          userId: e.authorId,
          kind: 'reply',
          documentId: doc.id,
          commentId: id,
          actorLabel: label,
          summary: `${label} replied on “${doc.title}”: ${excerpt}`,
        });
      }
    }
    if (doc.authorId && !told.has(doc.authorId) && readerIds.has(doc.authorId)) {
      rows.push({
        userId: doc.authorId,
        kind: 'comment',
        documentId: doc.id,
        commentId: id,
        actorLabel: label,
        summary: `${label} commented on your “${doc.title}”: ${excerpt}`,
      });
    }
    await addNotifications(tx, rows);
    return inserted;
  });
  return toCommentView(
    row,
    mentioned.map((u) => u.email.toLowerCase()),
  );
}

/** Resolve or reopen a thread: editors, or whoever opened it. A stale version is a 409. */
export async function setThreadResolved(db: Database, opts: { actor: Actor; commentId: string; input: unknown }): Promise<ThreadView> {
  const r = ResolveInputSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const [row] = await db.select().from(comments).where(eq(comments.id, opts.commentId));
  if (!row) throw notFound('No such comment.');
  // Reading the document checks the actor may read it (a viewer cannot reach a draft's comments).
  await getDocument(db, { actor: opts.actor, id: row.documentId });
  if (row.parentId)
    throw new HttpError(400, 'invalid', 'Resolve the thread from its first comment.', [{ path: ['commentId'], message: 'not a thread' }]);
  if (!canEdit(opts.actor) && row.authorId !== opts.actor.id) throw forbidden('Editors, or whoever opened the thread, resolve it.');
  const [updated] = await db
    .update(comments)
    .set({
      resolvedAt: r.data.resolved ? new Date() : null,
      resolvedBy: r.data.resolved ? opts.actor.name || opts.actor.email : null,
      version: sql`${comments.version} + 1`,
    })
    .where(and(eq(comments.id, row.id), eq(comments.version, r.data.version)))
    .returning({ id: comments.id });
  if (!updated)
    throw conflict('Someone changed this thread since you loaded it: reload to see its state, then try again.', undefined, {
      details: { currentVersion: row.version },
    });
  const threads = await listThreads(db, { actor: opts.actor, documentId: row.documentId });
  const t = threads.find((x) => x.id === row.id);
  if (!t) throw notFound('No such comment.');
  return t;
}

/** What a page needs to show a document's comments panel. */
export async function commentsPanelData(db: Database, actor: Actor, doc: DocumentView) {
  const [threads, viewersAllowed] = await Promise.all([listThreads(db, { actor, documentId: doc.id, doc }), viewersMayComment(db)]);
  return {
    threads,
    sections: fieldsOf(doc.template).map((f) => ({ key: f.key, label: f.label })),
    refusal: commentRefusal(actor, doc, viewersAllowed),
    canResolveAll: canEdit(actor),
    meId: actor.id,
  };
}
