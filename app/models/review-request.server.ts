import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { REQUEST_KINDS, type RequestKind, actionItems, documents, reviewRequests, signoffs, users } from '../../db/schema';
import { HttpError, conflict, forbidden, notFound, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { type Account, accountByHandle, accountLabel, readersOf } from '~/models/accounts.server';
import { canEdit, documentAccess } from '~/models/access.server';
import { recordAudit } from '~/models/audit.server';
import { getDocument } from '~/models/document.server';
import { addNotifications } from '~/models/notification.server';
import type { Actor, DocumentView } from '~/models/types';

export const RequestInputSchema = z
  .object({
    kind: z.enum(REQUEST_KINDS, { message: 'choose review or signoff' }),
    account: safeText().trim().min(1, 'name the account: its e-mail address, @handle or id').max(200),
    role: safeText().trim().max(100).optional(),
  })
  .strict();

/** Where a request stands: waiting on its account, done (signed on the current content, or the document published), or closed. */
export type RequestState = 'waiting' | 'done' | 'closed';

export type RequestView = {
  id: string;
  kind: RequestKind;
  role: string | null;
  userId: string;
  userLabel: string;
  requestedBy: string;
  createdAt: string;
  state: RequestState;
};

/** Accounts that may be asked: editors and admins who may read the document (they review, publish and sign). */
async function askable(db: Database, doc: Pick<DocumentView, 'status'>): Promise<Account[]> {
  return (await readersOf(db, doc)).filter(mayBeAsked);
}
const mayBeAsked = (u: Account) => u.role === 'editor' || u.role === 'admin';

/** Who may be asked on this document, for the page's picker (labels and e-mail addresses, the author left out of reviews). */
export async function requestCandidates(db: Database, doc: Pick<DocumentView, 'status' | 'authorId'>) {
  return candidatesAmong(await readersOf(db, doc), doc);
}

/** The same among the document's readers (readersOf) read already, so that a page reads the accounts once. */
export function candidatesAmong(readers: Account[], doc: Pick<DocumentView, 'authorId'>) {
  return readers
    .filter(mayBeAsked)
    .map((u) => ({ id: u.id, label: accountLabel(u), email: u.email, author: u.id === doc.authorId }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * Ask an account to review this document, or to sign this launch review for a role. Editors ask, while the document
 * is a draft or in review; the account must be an editor or admin, not the asker, and for a review not the author.
 * The account is told in their inbox in the same transaction. Asking again for the same thing is a 409.
 */
export async function createRequest(db: Database, opts: { actor: Actor; documentId: string; input: unknown }): Promise<RequestView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors ask for reviews and sign-offs.');
  const r = RequestInputSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const input = r.data;
  const doc = await getDocument(db, { actor: opts.actor, id: opts.documentId });
  if (doc.status !== 'draft' && doc.status !== 'in_review')
    throw new HttpError(
      409,
      'read_only',
      `This document is ${doc.status}: ask for reviews and sign-offs while it is a draft or in review.`,
    );
  let role = '';
  if (input.kind === 'signoff') {
    if (doc.kind !== 'checklist')
      throw new HttpError(400, 'invalid', 'Only launch reviews take sign-offs: ask for a review instead.', [
        { path: ['kind'], message: 'a sign-off is asked on a launch review' },
      ]);
    const roles = doc.template.signoffRoles ?? [];
    role = input.role ?? '';
    if (!role || (roles.length && !roles.includes(role)))
      throw new HttpError(400, 'invalid', roles.length ? `Ask for one of the roles: ${roles.join(', ')}.` : 'Name the role to sign for.', [
        { path: ['role'], message: roles.length ? `choose one of: ${roles.join(', ')}` : 'name the role' },
      ]);
  } else if (input.role) {
    throw new HttpError(400, 'invalid', 'A review is not for a role: leave the role out.', [
      { path: ['role'], message: 'only a sign-off names a role' },
    ]);
  }
  const candidates = await askable(db, doc);
  const account = candidates.find((u) => u.id === input.account) ?? accountByHandle(input.account, candidates, { byName: true });
  if (!account)
    throw new HttpError(400, 'invalid', 'No editor or admin who may read this document has that name, e-mail address or id.', [
      { path: ['account'], message: 'choose an editor or admin' },
    ]);
  if (account.id === opts.actor.id)
    throw new HttpError(400, 'invalid', 'Ask someone else: a request of yourself tells nobody anything.', [
      { path: ['account'], message: 'choose someone other than you' },
    ]);
  if (input.kind === 'review' && account.id === doc.authorId)
    throw new HttpError(400, 'invalid', `${accountLabel(account)} wrote this document: ask someone else to review it.`, [
      { path: ['account'], message: 'the author does not review their own document' },
    ]);
  const id = randomUUID();
  const by = accountLabel(opts.actor);
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ status: documents.status }).from(documents).where(eq(documents.id, doc.id)).for('update');
    if (!current) throw notFound('No such document.');
    if (current.status !== 'draft' && current.status !== 'in_review')
      throw new HttpError(409, 'read_only', `This document is ${current.status} now: reload it.`);
    const inserted = await tx
      .insert(reviewRequests)
      .values({ id, documentId: doc.id, userId: account.id, kind: input.kind, role, requestedById: opts.actor.id, requestedByLabel: by })
      .onConflictDoNothing()
      .returning({ id: reviewRequests.id });
    if (!inserted.length)
      throw conflict(
        input.kind === 'review'
          ? `${accountLabel(account)} has already been asked to review this document.`
          : `${accountLabel(account)} has already been asked to sign as ${role}.`,
      );
    await addNotifications(tx, [
      {
        userId: account.id,
        kind: input.kind === 'review' ? 'review_request' : 'signoff_request',
        documentId: doc.id,
        actorLabel: by,
        summary:
          input.kind === 'review' ? `${by} asked you to review “${doc.title}”.` : `${by} asked you to sign “${doc.title}” as ${role}.`,
      },
    ]);
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'request.created',
      targetType: 'document',
      targetId: doc.id,
      details: { requestId: id, kind: input.kind, role: role || null, account: account.email },
    });
  });
  const views = await listRequests(db, { actor: opts.actor, documentId: doc.id });
  const view = views.find((v) => v.id === id);
  if (!view) throw notFound('No such request.');
  return view;
}

/** Withdraw a request (editors). The account's notice stays in their inbox; the request leaves their list. */
export async function cancelRequest(db: Database, opts: { actor: Actor; documentId: string; requestId: string }): Promise<void> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors withdraw requests.');
  if (!z.string().uuid().safeParse(opts.requestId).success) throw notFound('No such request.');
  const doc = await getDocument(db, { actor: opts.actor, id: opts.documentId });
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(reviewRequests)
      .where(and(eq(reviewRequests.id, opts.requestId), eq(reviewRequests.documentId, doc.id)))
      .returning();
    if (!gone) throw notFound('No such request on this document (it may have been withdrawn already).');
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'request.withdrawn',
      targetType: 'document',
      targetId: doc.id,
      details: { requestId: gone.id, kind: gone.kind, role: gone.role || null },
    });
  });
}

/** SQL for whether a request still waits: its document a draft or in review, and for a sign-off, not signed on the current content. */
const waiting = sql<boolean>`(${documents.status} in ('draft', 'in_review') and (${reviewRequests.kind} = 'review' or not exists (
  select 1 from ${signoffs} where ${signoffs.documentId} = ${reviewRequests.documentId} and ${signoffs.userId} = ${reviewRequests.userId}
    and ${signoffs.role} = ${reviewRequests.role} and ${signoffs.contentVersion} = ${documents.contentVersion})))`;

const stateOf = (status: string, waits: boolean): RequestState =>
  waits ? 'waiting' : status === 'published' || status === 'in_review' || status === 'draft' ? 'done' : 'closed';

/** The requests on one document, oldest first, with where each stands. */
export async function listRequests(db: Database, opts: { actor: Actor; documentId: string }): Promise<RequestView[]> {
  return listRequestsOf(db, await getDocument(db, { actor: opts.actor, id: opts.documentId }));
}

/** The requests of a document the caller has already read for its actor (the document page). */
export async function listRequestsOf(db: Database, doc: Pick<DocumentView, 'id'>): Promise<RequestView[]> {
  const rows = await db
    .select({ r: reviewRequests, email: users.email, name: users.name, status: documents.status, waits: waiting })
    .from(reviewRequests)
    .innerJoin(users, eq(users.id, reviewRequests.userId))
    .innerJoin(documents, eq(documents.id, reviewRequests.documentId))
    .where(eq(reviewRequests.documentId, doc.id))
    .orderBy(asc(reviewRequests.createdAt), asc(reviewRequests.id));
  return rows.map(({ r, email, name, status, waits }) => ({
    id: r.id,
    kind: r.kind,
    role: r.role || null,
    userId: r.userId,
    userLabel: accountLabel({ email, name }),
    requestedBy: r.requestedByLabel,
    createdAt: r.createdAt.toISOString(),
    state: stateOf(status, waits),
  }));
}

export type AssignedDocument = {
  requestId: string;
  documentId: string;
  title: string;
  status: string;
  role: string | null;
  requestedBy: string;
  createdAt: string;
};

export type Assignments = {
  actionItems: {
    id: string;
    documentId: string;
    documentTitle: string;
    title: string;
    status: string;
    dueDate: string | null;
    overdue: boolean;
    version: number;
  }[];
  /** Open items beyond the ones listed (see /actions?assignee=me for all). */
  moreActionItems: boolean;
  reviews: AssignedDocument[];
  signoffs: AssignedDocument[];
};

const LIMIT = 50;

/**
 * What waits on the actor: their open action items (soonest due first, on documents they may read), and the reviews
 * and sign-offs they were asked for that still wait. Each list is bounded and read through an index on the account.
 */
export async function myAssignments(db: Database, opts: { actor: Actor; today: string }): Promise<Assignments> {
  const dueKey = sql`coalesce(${actionItems.dueDate}, 'infinity'::date)`;
  const [items, requests] = await Promise.all([
    db
      .select({
        id: actionItems.id,
        documentId: actionItems.documentId,
        documentTitle: documents.title,
        title: actionItems.title,
        status: actionItems.status,
        dueDate: actionItems.dueDate,
        version: actionItems.version,
      })
      .from(actionItems)
      .innerJoin(documents, eq(documents.id, actionItems.documentId))
      .where(
        and(eq(actionItems.ownerUserId, opts.actor.id), inArray(actionItems.status, ['open', 'in_progress']), documentAccess(opts.actor)),
      )
      .orderBy(dueKey, asc(actionItems.createdAt), asc(actionItems.id))
      .limit(LIMIT + 1),
    db
      .select({ r: reviewRequests, title: documents.title, status: documents.status })
      .from(reviewRequests)
      .innerJoin(documents, eq(documents.id, reviewRequests.documentId))
      .where(and(eq(reviewRequests.userId, opts.actor.id), documentAccess(opts.actor), waiting))
      .orderBy(desc(reviewRequests.createdAt), desc(reviewRequests.id))
      .limit(2 * LIMIT),
  ]);
  const docs = (kind: RequestKind) =>
    requests
      .filter(({ r }) => r.kind === kind)
      .slice(0, LIMIT)
      .map(({ r, title, status }) => ({
        requestId: r.id,
        documentId: r.documentId,
        title,
        status,
        role: r.role || null,
        requestedBy: r.requestedByLabel,
        createdAt: r.createdAt.toISOString(),
      }));
  return {
    actionItems: items.slice(0, LIMIT).map((i) => ({ ...i, overdue: !!i.dueDate && i.dueDate < opts.today })),
    moreActionItems: items.length > LIMIT,
    reviews: docs('review'),
    signoffs: docs('signoff'),
  };
}
