import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { actionItems, documents, launchDecisionChanges, signoffs, users } from '../../db/schema';
import { templateFields, type Template } from '../../templates/schema';
import { decideLaunch, type DecisionQuestion, type LaunchDecisionState } from '../lib/launch-decision';
import { notFound } from '../lib/errors.server';
import { getTemplate } from './template.server';
import type { Actor, ChecklistAnswer, FieldValues, SignoffView } from './types';
import { documentAccess } from './access.server';
import { emitWebhookEvent, loadDocumentRef } from './webhook-event.server';
import { emitActionItemEvents, toActionItemView } from './action-item.server';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export type LaunchQuestion = DecisionQuestion & { field: string; note: string };

/** A sign-off as readers see it: who, role, Go/No-Go, comment, content (and document) version signed, stale or current. */
export type LaunchSignoff = SignoffView;

/** A stored sign-off for readers; stale when the document's content changed since it was signed. */
export function toSignoffView(s: typeof signoffs.$inferSelect, contentVersion: number): SignoffView {
  return {
    id: s.id,
    userId: s.userId,
    signerLabel: s.signerLabel,
    role: s.role,
    decision: s.decision,
    comment: s.comment,
    documentVersion: s.documentVersion,
    contentVersion: s.contentVersion,
    stale: s.contentVersion < contentVersion,
    createdAt: s.createdAt.toISOString(),
  };
}

export type DecisionChange = { from: LaunchDecisionState | null; to: LaunchDecisionState; reasons: string[]; why: string; by: string; at: string; contentVersion: number };

/** Everything a launch decision rests on; the shape the page, the API and the PDF certificate read. */
export type LaunchDecisionReport = {
  documentId: string;
  state: LaunchDecisionState;
  reasons: string[];
  /** When the stored decision last changed (null before the first write that decided it). */
  changedAt: string | null;
  contentVersion: number;
  roles: string[];
  noGoBy: string[];
  failedGates: string[];
  unanswered: string[];
  openBlockers: string[];
  missingRoles: string[];
  /** Every sign-off, oldest first, with whether it still counts. */
  signoffs: LaunchSignoff[];
  /** Every checklist question with its answer; `gate` marks the gates. */
  questions: LaunchQuestion[];
};

const OPEN_STATUSES = ['open', 'in_progress'] as const;
const passes = (a: string | null | undefined) => a === 'yes' || a === 'na';

/** The checklist questions of a template with the document's answers. */
export function launchQuestions(template: Template, fields: FieldValues): LaunchQuestion[] {
  const out: LaunchQuestion[] = [];
  for (const f of templateFields(template)) {
    if (f.type !== 'checklist') continue;
    const answers = (fields[f.key] ?? {}) as Record<string, ChecklistAnswer>;
    for (const item of f.items)
      out.push({ field: f.key, key: item.key, label: item.label, gate: item.gate, required: f.required, answer: answers[item.key]?.answer ?? null, note: answers[item.key]?.note ?? '' });
  }
  return out;
}

/**
 * The current launch decision of a checklist document, computed from what is stored now (answers,
 * sign-offs pinned to the content version, open launch blockers). Other modules (the PDF launch
 * certificate, the edit page) call this: keep its name and shape stable.
 */
export async function getLaunchDecision(db: Tx, documentId: string): Promise<LaunchDecisionReport> {
  const [row] = await db
    .select({ id: documents.id, kind: documents.kind, fields: documents.fields, contentVersion: documents.contentVersion, templateKey: documents.templateKey, templateVersion: documents.templateVersion, decisionChangedAt: documents.decisionChangedAt })
    .from(documents)
    .where(eq(documents.id, documentId));
  if (!row) throw notFound('No such document.');
  const template = await getTemplate(db as Database, { key: row.templateKey, version: row.templateVersion });
  const signs = await db.select().from(signoffs).where(eq(signoffs.documentId, row.id)).orderBy(asc(signoffs.createdAt), asc(signoffs.id));
  const blockers = await db
    .select({ title: actionItems.title })
    .from(actionItems)
    .where(and(eq(actionItems.documentId, row.id), eq(actionItems.kind, 'launch blocker'), inArray(actionItems.status, [...OPEN_STATUSES])))
    .orderBy(asc(actionItems.position));
  return buildLaunchReport({
    documentId: row.id,
    template,
    fields: row.fields,
    contentVersion: row.contentVersion,
    changedAt: row.decisionChangedAt,
    signoffs: signs,
    openBlockers: blockers.map((b) => b.title),
  });
}

/** The report from facts already loaded (getDocument has them at hand). */
export function buildLaunchReport(input: {
  documentId: string;
  template: Template;
  fields: FieldValues;
  contentVersion: number;
  changedAt: Date | null;
  signoffs: (typeof signoffs.$inferSelect)[];
  openBlockers: string[];
}): LaunchDecisionReport {
  const list = input.signoffs.map((s) => toSignoffView(s, input.contentVersion));
  const questions = launchQuestions(input.template, input.fields);
  const roles = input.template.signoffRoles ?? [];
  const outcome = decideLaunch({
    roles,
    questions,
    openBlockers: input.openBlockers,
    signoffs: list.map((s) => ({ signer: s.userId ?? s.signerLabel, signerLabel: s.signerLabel, role: s.role, decision: s.decision, comment: s.comment, stale: s.stale, createdAt: s.createdAt })),
  });
  return { documentId: input.documentId, ...outcome, changedAt: input.changedAt?.toISOString() ?? null, contentVersion: input.contentVersion, roles, signoffs: list, questions };
}

/** Open launch blockers among a document's action items (what the decision waits for). */
export const openBlockerTitles = (items: { kind: string; status: string; title: string }[]) =>
  items.filter((i) => i.kind === 'launch blocker' && (i.status === 'open' || i.status === 'in_progress')).map((i) => i.title);

/**
 * Recompute a checklist's decision inside the write that may have changed it, and record a change
 * (from, to, who, why). Call it in the same transaction as the write; RCAs are left alone.
 */
export async function refreshLaunchDecision(
  tx: Tx,
  opts: { documentId: string; actor: Actor; why: string; /** The document's kind and stored decision when the caller has the locked row. */ known?: { kind: string; decision: LaunchDecisionState | null } },
): Promise<LaunchDecisionReport | null> {
  const [row] = opts.known ? [opts.known] : await tx.select({ kind: documents.kind, decision: documents.decision }).from(documents).where(eq(documents.id, opts.documentId));
  if (!row || row.kind !== 'checklist') return null;
  const report = await getLaunchDecision(tx, opts.documentId);
  if (row.decision === report.state) return report;
  const at = new Date();
  await tx.update(documents).set({ decision: report.state, decisionChangedAt: at }).where(eq(documents.id, opts.documentId));
  await tx.insert(launchDecisionChanges).values({
    documentId: opts.documentId,
    fromDecision: row.decision,
    toDecision: report.state,
    reasons: report.reasons,
    why: opts.why,
    actorId: opts.actor.via === 'system' ? null : opts.actor.id,
    actorLabel: opts.actor.name || opts.actor.email,
    contentVersion: report.contentVersion,
    at,
  });
  // The first decision of a new review is no change to report.
  if (row.decision !== null)
    await emitWebhookEvent(tx, {
      type: 'decision.changed',
      data: async () => ({ document: await loadDocumentRef(tx, opts.documentId), from: row.decision, to: report.state, reasons: report.reasons, why: opts.why, at: at.toISOString() }),
    });
  return { ...report, changedAt: at.toISOString() };
}

/** The decision history of a review, oldest first. */
export async function listDecisionChanges(db: Tx, documentId: string): Promise<DecisionChange[]> {
  const rows = await db
    .select({ c: launchDecisionChanges, name: users.name, email: users.email })
    .from(launchDecisionChanges)
    .leftJoin(users, eq(users.id, launchDecisionChanges.actorId))
    .where(eq(launchDecisionChanges.documentId, documentId))
    .orderBy(asc(launchDecisionChanges.at), asc(launchDecisionChanges.id));
  return rows.map(({ c, name, email }) => ({
    from: c.fromDecision,
    to: c.toDecision,
    reasons: c.reasons,
    why: c.why,
    by: name || email || c.actorLabel,
    at: c.at.toISOString(),
    contentVersion: c.contentVersion,
  }));
}

/** Where blockers raised by checklist answers go: the first actions field offering "launch blocker". */
function blockerFieldOf(template: Template, fallback: string): string {
  const fields = templateFields(template);
  const f = fields.find((x) => x.type === 'actions' && x.kinds.includes('launch blocker')) ?? fields.find((x) => x.type === 'actions');
  return f?.key ?? fallback;
}

export const questionBlockerTitle = (label: string) => `Answered No: ${label}`;

/**
 * Answering No to a gate or required question opens (or reopens) a launch-blocker action item
 * carrying the question, linked by `source_key`; changing the answer to one that passes closes it
 * (done). Only answers that changed from `before` act, so a blocker someone marked "won't do"
 * stays so until the answer changes again. Returns what changed.
 */
export async function syncQuestionBlockers(tx: Tx, opts: { template: Template; documentId: string; before: FieldValues | null; fields: FieldValues }): Promise<string[]> {
  const prior = new Map(launchQuestions(opts.template, opts.before ?? {}).map((q) => [`${q.field}.${q.key}`, q.answer]));
  const questions = launchQuestions(opts.template, opts.fields).filter((q) => (q.gate || q.required) && (!opts.before || prior.get(`${q.field}.${q.key}`) !== q.answer));
  if (!questions.length) return [];
  const linked = await tx.select().from(actionItems).where(and(eq(actionItems.documentId, opts.documentId), isNotNull(actionItems.sourceKey)));
  const bySource = new Map(linked.map((i) => [i.sourceKey!, i]));
  const changes: string[] = [];
  for (const q of questions) {
    const source = `${q.field}.${q.key}`;
    const item = bySource.get(source);
    if (q.answer === 'no') {
      if (!item) {
        const fieldKey = blockerFieldOf(opts.template, q.field);
        const [{ max }] = await tx.select({ max: sql<number>`coalesce(max(${actionItems.position}), -1)` }).from(actionItems).where(and(eq(actionItems.documentId, opts.documentId), eq(actionItems.fieldKey, fieldKey)));
        const [inserted] = await tx.insert(actionItems).values({ id: randomUUID(), documentId: opts.documentId, fieldKey, position: Number(max) + 1, title: questionBlockerTitle(q.label), kind: 'launch blocker', status: 'open', sourceKey: source }).returning();
        await emitActionItemEvents(tx, { before: null, after: toActionItemView(inserted) });
        changes.push(`opened blocker “${questionBlockerTitle(q.label)}”`);
      } else if (item.status === 'done' || item.status === 'wont_do') {
        await tx.update(actionItems).set({ status: 'open', completedAt: null, version: item.version + 1, updatedAt: new Date() }).where(eq(actionItems.id, item.id));
        changes.push(`reopened blocker “${item.title}”`);
      }
    } else if (passes(q.answer) && item && (item.status === 'open' || item.status === 'in_progress')) {
      const [closed] = await tx.update(actionItems).set({ status: 'done', completedAt: new Date(), version: item.version + 1, updatedAt: new Date() }).where(eq(actionItems.id, item.id)).returning();
      await emitActionItemEvents(tx, { before: item, after: toActionItemView(closed) });
      changes.push(`closed blocker “${item.title}”`);
    }
  }
  return changes;
}

/** Launch reviews the actor may read, latest launch first, with their decision and current Go/No-Go counts. */
export async function listLaunchReviews(db: Database, opts: { actor: Actor }) {
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      status: documents.status,
      service: documents.service,
      launchAt: documents.launchAt,
      version: documents.version,
      decision: documents.decision,
      // Sign-offs on the current content (a status change or a new sign-off does not make one stale).
      go: sql<number>`count(${signoffs.id}) filter (where ${signoffs.decision} = 'go' and ${signoffs.contentVersion} = ${documents.contentVersion})::int`,
      noGo: sql<number>`count(${signoffs.id}) filter (where ${signoffs.decision} = 'no_go' and ${signoffs.contentVersion} = ${documents.contentVersion})::int`,
    })
    .from(documents)
    .leftJoin(signoffs, eq(signoffs.documentId, documents.id))
    .where(and(eq(documents.kind, 'checklist'), documentAccess(opts.actor)))
    .groupBy(documents.id)
    .orderBy(sql`${documents.launchAt} desc nulls last`, asc(documents.title))
    .limit(200);
  // Every write stores the decision; a review not written since the upgrade has none yet, so compute it.
  return Promise.all(rows.map(async (r) => ({ ...r, decision: r.decision ?? (await getLaunchDecision(db, r.id)).state, launchAt: r.launchAt?.toISOString() ?? null })));
}
