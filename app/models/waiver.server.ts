/**
 * Waivers (issue 11 item 2): a failed gate or required checklist question can be waived for a while. Someone asks
 * (reason, the risk accepted, the role that must approve, the last day it counts); someone else, approving as that
 * role, approves. An approved waiver counts as passing for the launch decision and is printed on the certificate;
 * once its day has ended (UTC) it stops counting and the blocker is back, and the stored decision is taken again.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { checklistWaivers, documents, signoffs } from '../../db/schema';
import type { Template } from '../../templates/schema';
import { answerLabel, answerPasses, isAnswered, utcToday } from '~/fields/checklist/text';
import { fieldsOfKind, valueOf } from '~/fields/text';
import { HttpError, conflict, forbidden, notFound, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { canEdit } from '~/models/access.server';
import { recordAudit } from '~/models/audit.server';
import { getDocument } from '~/models/document.server';
import { refreshLaunchDecision } from '~/models/launch-decision.server';
import type { Actor, FieldValues, WaiverState, WaiverView } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

/** What the decision needs of a waiver valid now, by `field.item`. */
export type ActiveWaiver = { id: string; approvedBy: string; role: string; expiresOn: string; reason: string; risk: string };

/** Roles that may approve waivers of this template: its waiverRoles, else its sign-off roles. */
export const waiverRolesOf = (t: Pick<Template, 'waiverRoles' | 'signoffRoles'>) => t.waiverRoles ?? t.signoffRoles ?? [];

const MAX_DAYS = 366;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const WaiverRequestSchema = z
  .object({
    field: safeText().trim().min(1, 'say which checklist holds the question').max(60),
    item: safeText().trim().min(1, 'say which question to waive').max(60),
    reason: safeText().trim().min(1, 'say why the launch may go ahead without it').max(2000),
    risk: safeText().trim().min(1, 'say what risk is accepted while it is waived').max(2000),
    expiresOn: z
      .string({ message: 'give the last day the waiver counts, as YYYY-MM-DD' })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'give the last day the waiver counts, as YYYY-MM-DD')
      .refine((d) => {
        // Runs even when the pattern failed: never build a date from what may not be one.
        const t = Date.parse(`${d}T00:00:00Z`);
        return Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
      }, 'not a real day'),
    approverRole: safeText().trim().min(1, 'choose the role that must approve it').max(100),
  })
  .strict();

/** A PATCH body: which waiver, and what to do with it. */
export const WaiverPatchSchema = z.object({ id: z.string().uuid(), action: z.enum(['approve', 'withdraw']) }).strict();

export const WaiverDecisionSchema = z
  .object({
    action: z.enum(['approve', 'withdraw'], { message: 'choose approve or withdraw' }),
  })
  .strict();

const stateOf = (w: typeof checklistWaivers.$inferSelect, today: string): WaiverState =>
  w.withdrawnAt ? 'withdrawn' : !w.approvedAt ? (w.expiresOn < today ? 'expired' : 'pending') : w.expiresOn < today ? 'expired' : 'active';

function questionOf(template: Template, field: string, item: string) {
  const f = fieldsOfKind(template, 'checklist').find((x) => x.key === field);
  const q = f?.items.find((i) => i.key === item);
  return f && q ? { field: f, item: q } : null;
}

function toView(template: Template, w: typeof checklistWaivers.$inferSelect, today: string): WaiverView {
  return {
    id: w.id,
    field: w.fieldKey,
    item: w.itemKey,
    question: questionOf(template, w.fieldKey, w.itemKey)?.item.label ?? w.itemKey,
    reason: w.reason,
    risk: w.risk,
    expiresOn: w.expiresOn,
    approverRole: w.approverRole,
    requestedBy: w.requestedByLabel,
    requestedById: w.requestedBy,
    requestedAt: w.requestedAt.toISOString(),
    approvedBy: w.approvedByLabel,
    approvedAt: w.approvedAt?.toISOString() ?? null,
    withdrawnBy: w.withdrawnByLabel,
    withdrawnAt: w.withdrawnAt?.toISOString() ?? null,
    state: stateOf(w, today),
  };
}

/** Waivers valid on `now`'s UTC day, by `field.item`, for the decision. */
export async function activeWaivers(db: Tx, documentId: string, now: Date = new Date()): Promise<Map<string, ActiveWaiver>> {
  const rows = await db
    .select()
    .from(checklistWaivers)
    .where(
      and(
        eq(checklistWaivers.documentId, documentId),
        isNotNull(checklistWaivers.approvedAt),
        isNull(checklistWaivers.withdrawnAt),
        sql`${checklistWaivers.expiresOn} >= ${utcToday(now)}::date`,
      ),
    );
  return new Map(
    rows.map((w) => [
      `${w.fieldKey}.${w.itemKey}`,
      {
        id: w.id,
        approvedBy: w.approvedByLabel ?? 'someone',
        role: w.approverRole,
        expiresOn: w.expiresOn,
        reason: w.reason,
        risk: w.risk,
      },
    ]),
  );
}

/** Every waiver of a document, newest first, for the page, the API and the certificate. */
export async function listWaivers(db: Database, opts: { actor: Actor; id: string; now?: Date }): Promise<WaiverView[]> {
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  const rows = await db
    .select()
    .from(checklistWaivers)
    .where(eq(checklistWaivers.documentId, doc.id))
    .orderBy(asc(checklistWaivers.requestedAt), asc(checklistWaivers.id));
  const today = utcToday(opts.now);
  return rows.map((w) => toView(doc.template, w, today)).reverse();
}

/** Why a question cannot be waived now, or null: only a gate or required question whose answer fails can be. */
function waivable(template: Template, fields: FieldValues, field: string, item: string): string | null {
  const q = questionOf(template, field, item);
  if (!q) return 'There is no such question in this checklist.';
  if (!q.item.gate && !q.item.required && !q.field.required)
    return `"${q.item.label}" is neither a gate nor required: there is nothing to waive.`;
  const a = valueOf(q.field, { fields })?.[item]?.answer;
  if (!isAnswered(a)) return `"${q.item.label}" is not answered yet: answer it first; only an answer that fails can be waived.`;
  if (answerPasses(q.item, a)) return `"${q.item.label}" passes (answered ${answerLabel(a)}): there is nothing to waive.`;
  return null;
}

async function lockDocument(tx: Tx, id: string) {
  const [row] = await tx
    .select({ id: documents.id, kind: documents.kind, status: documents.status, decision: documents.decision })
    .from(documents)
    .where(eq(documents.id, id))
    .for('update');
  if (!row) throw notFound('No such document.');
  return row;
}

/** Ask for a waiver of a failing gate or required question. */
export async function requestWaiver(db: Database, opts: { actor: Actor; id: string; input: unknown; now?: Date }): Promise<WaiverView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors ask for waivers.');
  const r = WaiverRequestSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const input = r.data;
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (doc.kind !== 'checklist') throw conflict('Only launch reviews (checklists) have waivers.');
  if (doc.status === 'published' || doc.status === 'archived')
    throw conflict(`This review is ${doc.status}: reopen it as a draft to ask for a waiver.`);
  const today = utcToday(opts.now);
  const issue = (path: string, message: string) => new HttpError(400, 'invalid', message, [{ path: [path], message }]);
  const why = waivable(doc.template, doc.fields, input.field, input.item);
  if (why) throw issue(questionOf(doc.template, input.field, input.item) ? 'item' : 'field', why);
  const roles = waiverRolesOf(doc.template);
  if (!roles.includes(input.approverRole))
    throw issue(
      'approverRole',
      roles.length
        ? `choose one of the roles this template names: ${roles.join(', ')}`
        : 'this template names no role that may approve waivers',
    );
  if (input.expiresOn < today) throw issue('expiresOn', 'the last day it counts cannot be in the past');
  if (input.expiresOn > addDays(today, MAX_DAYS))
    throw issue('expiresOn', `a waiver lasts at most ${MAX_DAYS} days: fix it for real before then`);
  return db.transaction(async (tx) => {
    await lockDocument(tx, doc.id);
    const open = await tx
      .select({ id: checklistWaivers.id, expiresOn: checklistWaivers.expiresOn })
      .from(checklistWaivers)
      .where(
        and(
          eq(checklistWaivers.documentId, doc.id),
          eq(checklistWaivers.fieldKey, input.field),
          eq(checklistWaivers.itemKey, input.item),
          isNull(checklistWaivers.withdrawnAt),
          sql`${checklistWaivers.expiresOn} >= ${today}::date`,
        ),
      );
    if (open.length) throw conflict('This question already has a waiver asked for or in force: withdraw it first to ask again.');
    const [row] = await tx
      .insert(checklistWaivers)
      .values({
        id: randomUUID(),
        documentId: doc.id,
        fieldKey: input.field,
        itemKey: input.item,
        reason: input.reason,
        risk: input.risk,
        expiresOn: input.expiresOn,
        approverRole: input.approverRole,
        requestedBy: opts.actor.via === 'system' ? null : opts.actor.id,
        requestedByLabel: opts.actor.name || opts.actor.email,
      })
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'waiver.requested',
      targetType: 'document',
      targetId: doc.id,
      details: { waiver: row.id, question: `${input.field}.${input.item}`, expiresOn: input.expiresOn, approverRole: input.approverRole },
    });
    return toView(doc.template, row, today);
  });
}

/**
 * Approve (as the role the request named) or withdraw a waiver. The approver is never the person who asked, and
 * one person holds one role on a review: someone who signed it as another role cannot approve as this one.
 * Withdrawing is for the person who asked, the approver or an admin.
 */
export async function decideWaiver(
  db: Database,
  opts: { actor: Actor; id: string; waiverId: string; input: unknown; now?: Date },
): Promise<WaiverView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors approve or withdraw waivers.');
  const r = WaiverDecisionSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (!z.string().uuid().safeParse(opts.waiverId).success) throw notFound('No such waiver.');
  const today = utcToday(opts.now);
  const me = opts.actor.name || opts.actor.email;
  return db.transaction(async (tx) => {
    const locked = await lockDocument(tx, doc.id);
    const [w] = await tx
      .select()
      .from(checklistWaivers)
      .where(and(eq(checklistWaivers.id, opts.waiverId), eq(checklistWaivers.documentId, doc.id)))
      .for('update');
    if (!w) throw notFound('No such waiver on this review.');
    const state = stateOf(w, today);
    const question = questionOf(doc.template, w.fieldKey, w.itemKey)?.item.label ?? w.itemKey;
    let why: string;
    let set: Partial<typeof checklistWaivers.$inferInsert>;
    if (r.data.action === 'approve') {
      if (state !== 'pending') throw conflict(`This waiver is ${state}: only a waiver waiting for approval can be approved.`);
      if (w.requestedBy && w.requestedBy === opts.actor.id)
        throw forbidden(`You asked for this waiver: someone else, approving as ${w.approverRole}, must approve it.`);
      const other = await tx
        .select({ role: signoffs.role })
        .from(signoffs)
        .where(and(eq(signoffs.documentId, doc.id), eq(signoffs.userId, opts.actor.id), sql`${signoffs.role} <> ${w.approverRole}`));
      if (other.length)
        throw conflict(
          `You signed this review as ${other[0].role}; one person holds one role, so someone holding ${w.approverRole} must approve it.`,
        );
      const stillFails = waivable(doc.template, doc.fields, w.fieldKey, w.itemKey);
      if (stillFails) throw conflict(stillFails);
      set = { approvedBy: opts.actor.via === 'system' ? null : opts.actor.id, approvedByLabel: me, approvedAt: new Date() };
      why = `Waiver approved by ${me} as ${w.approverRole} for “${question}” until ${w.expiresOn}`;
    } else {
      if (state === 'withdrawn') throw conflict('This waiver is already withdrawn.');
      const mayWithdraw = opts.actor.role === 'admin' || w.requestedBy === opts.actor.id || w.approvedBy === opts.actor.id;
      if (!mayWithdraw) throw forbidden('Only the person who asked, the approver or an admin can withdraw a waiver.');
      set = { withdrawnByLabel: me, withdrawnAt: new Date() };
      why = `Waiver for “${question}” withdrawn by ${me}`;
    }
    const [row] = await tx.update(checklistWaivers).set(set).where(eq(checklistWaivers.id, w.id)).returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: r.data.action === 'approve' ? 'waiver.approved' : 'waiver.withdrawn',
      targetType: 'document',
      targetId: doc.id,
      details: { waiver: w.id, question: `${w.fieldKey}.${w.itemKey}` },
    });
    await refreshLaunchDecision(tx, { documentId: doc.id, known: locked, actor: opts.actor, why });
    return toView(doc.template, row, today);
  });
}

const SYSTEM: Actor = { id: 'system:waivers', email: 'waiver expiry', name: 'Waiver expiry', role: 'admin', via: 'system' };

/**
 * Take the decision again for every review with an approved waiver that has ended and was not yet acted on: the
 * blocker it covered is back. Each ended waiver is acted on once (`expiry_applied_at`); a partial index keeps the
 * look-up cheap when nothing ended. Returns how many stored decisions changed.
 */
export async function refreshExpiredWaivers(db: Database, now: Date = new Date()): Promise<number> {
  const today = utcToday(now);
  const due = await db
    .selectDistinct({ id: documents.id, expiresOn: checklistWaivers.expiresOn })
    .from(checklistWaivers)
    .innerJoin(documents, eq(documents.id, checklistWaivers.documentId))
    .where(
      and(
        isNotNull(checklistWaivers.approvedAt),
        isNull(checklistWaivers.withdrawnAt),
        isNull(checklistWaivers.expiryAppliedAt),
        sql`${checklistWaivers.expiresOn} < ${today}::date`,
      ),
    );
  let changed = 0;
  for (const d of new Map(due.map((x) => [x.id, x])).values()) {
    const moved = await db.transaction(async (tx) => {
      const locked = await lockDocument(tx, d.id);
      const report = await refreshLaunchDecision(tx, {
        documentId: d.id,
        known: locked,
        actor: SYSTEM,
        why: `A waiver ended on ${d.expiresOn}: the question it covered counts again`,
        now,
      });
      await tx
        .update(checklistWaivers)
        .set({ expiryAppliedAt: new Date() })
        .where(
          and(
            eq(checklistWaivers.documentId, d.id),
            isNull(checklistWaivers.expiryAppliedAt),
            sql`${checklistWaivers.expiresOn} < ${today}::date`,
          ),
        );
      return report?.state !== locked.decision;
    });
    if (moved) changed++;
  }
  return changed;
}

/** The failing gate and required questions of a decision's questions (what a waiver may be asked for). */
export const waivableQuestions = (
  questions: {
    field: string;
    key: string;
    label: string;
    gate: boolean;
    required: boolean;
    answer: string | null;
    pass?: readonly string[];
  }[],
) =>
  questions
    .filter((q) => (q.gate || q.required) && isAnswered(q.answer) && !answerPasses(q, q.answer))
    .map((q) => ({ field: q.field, item: q.key, label: q.label, answer: answerLabel(q.answer) }));
