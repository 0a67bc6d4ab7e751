import { randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { Database } from '../../db/client';
import { SIGNOFF_DECISIONS, documents, signoffs } from '../../db/schema';
import { HttpError, forbidden, notFound, validationError } from '~/lib/errors.server';
import { recordAudit } from '~/models/audit.server';
import { canEdit, getDocument } from '~/models/document.server';
import { refreshLaunchDecision, toSignoffView } from '~/models/launch-decision.server';
import type { Actor, SignoffView } from '~/models/types';
import { documentRef, emitWebhookEvent } from '~/models/webhook-event.server';

export const SignoffInputSchema = z
  .object({
    role: safeText().trim().min(1, 'name the role you sign for').max(100),
    decision: z.enum(SIGNOFF_DECISIONS),
    comment: safeText().trim().max(2000).default(''),
  })
  .strict();

/**
 * Record a Go or No-Go on the review's current content. Sign-offs are taken once the review is
 * submitted (in review) and after it is published (a late No-Go must still be heard; it changes the
 * recorded decision); never on a draft or an archived review. One person signs for one role per
 * review: they may sign that role again (to renew or change their mind), not another one.
 */
export async function createSignoff(db: Database, opts: { actor: Actor; documentId: string; input: unknown }): Promise<SignoffView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors can sign off.');
  const r = SignoffInputSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const doc = await getDocument(db, { actor: opts.actor, id: opts.documentId });
  if (doc.kind !== 'checklist') throw new HttpError(422, 'not_a_checklist', 'Only launch checklists take sign-offs.');
  const roles = doc.template.signoffRoles;
  if (roles?.length && !roles.includes(r.data.role))
    throw new HttpError(400, 'invalid', `Sign off as one of: ${roles.join(', ')}.`, [
      { path: ['role'], message: `choose one of: ${roles.join(', ')}` },
    ]);
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    // The row lock serialises sign-offs on one review, so the one-role check cannot race.
    const [current] = await tx
      .select({ version: documents.version, contentVersion: documents.contentVersion, status: documents.status })
      .from(documents)
      .where(eq(documents.id, doc.id))
      .for('update');
    if (!current) throw notFound('No such document.');
    if (current.status === 'draft')
      throw new HttpError(409, 'not_in_review', 'Sign-offs are taken once the review is submitted: submit it for review first.');
    if (current.status === 'archived') throw new HttpError(409, 'read_only', 'This review is archived; restore it as a draft to sign off.');
    const [other] = await tx
      .select({ role: signoffs.role })
      .from(signoffs)
      .where(and(eq(signoffs.documentId, doc.id), eq(signoffs.userId, opts.actor.id), ne(signoffs.role, r.data.role)))
      .limit(1);
    if (other)
      throw new HttpError(
        409,
        'one_role_per_person',
        `You already signed this review as ${other.role}; one person signs for one role. Ask someone else to sign as ${r.data.role}.`,
        [{ path: ['role'], message: `you signed as ${other.role}; someone else signs as ${r.data.role}` }],
      );
    const [inserted] = await tx
      .insert(signoffs)
      .values({
        id,
        documentId: doc.id,
        userId: opts.actor.id,
        signerLabel: opts.actor.name || opts.actor.email,
        role: r.data.role,
        decision: r.data.decision,
        comment: r.data.comment,
        documentVersion: current.version,
        contentVersion: current.contentVersion,
      })
      .returning();
    await emitWebhookEvent(tx, {
      type: 'signoff.added',
      data: {
        document: documentRef(doc),
        signoff: {
          id,
          role: r.data.role,
          decision: r.data.decision,
          comment: r.data.comment,
          signer: inserted.signerLabel,
          contentVersion: current.contentVersion,
        },
      },
    });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'signoff.created',
      targetType: 'document',
      targetId: doc.id,
      details: { role: r.data.role, decision: r.data.decision, version: current.version, contentVersion: current.contentVersion },
    });
    await refreshLaunchDecision(tx, {
      documentId: doc.id,
      actor: opts.actor,
      why: `${DECISION_WORDS[r.data.decision]} from ${inserted.signerLabel} (${r.data.role})${r.data.comment ? `: ${r.data.comment}` : ''}`,
    });
    return inserted;
  });
  return toSignoffView(row, row.contentVersion);
}

const DECISION_WORDS = { go: 'Go', no_go: 'No-Go' } as const;

/** Sign-offs that still count (signed on the current content): what an edit of the content would make stale. */
export async function countCurrentSignoffs(db: Database, documentId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(signoffs)
    .innerJoin(documents, eq(documents.id, signoffs.documentId))
    .where(and(eq(signoffs.documentId, documentId), eq(signoffs.contentVersion, documents.contentVersion)));
  return Number(row?.n ?? 0);
}
