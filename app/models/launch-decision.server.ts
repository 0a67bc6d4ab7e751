import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client';
import { actionItems, documents, launchDecisionChanges, signoffs, users } from '../../db/schema';
import type { Template } from '../../templates/schema';
import { decideLaunch, type DecisionQuestion, type LaunchDecisionState } from '~/lib/launch-decision';
import { notFound } from '~/lib/errors.server';
import { COUNT_CAP } from '~/lib/count';
import { cappedCount } from '~/lib/capped-count.server';
import { getTemplate } from '~/models/template.server';
import type { Actor, ChecklistEvidence, FieldValues, SignoffView, WaiverInForce } from '~/models/types';
import { activeWaivers, type ActiveWaiver } from '~/models/waiver.server';
import { fieldsOfKind, valueOf } from '~/fields/text';
import { DEFAULT_PASS, answerPasses, isAnswered } from '~/fields/checklist/text';
import { documentAccess } from '~/models/access.server';
import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import { decodeCursor, encodeCursor, exactInstant } from '~/lib/cursor.server';
import { emitWebhookEvent, loadDocumentRef } from '~/models/webhook-event.server';
import { emitActionItemEvents, toActionItemView } from '~/models/action-item.server';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export type LaunchQuestion = DecisionQuestion & {
  field: string;
  note: string;
  evidence: ChecklistEvidence[];
  answeredBy: string | null;
  answeredAt: string | null;
};

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

export type DecisionChange = {
  from: LaunchDecisionState | null;
  to: LaunchDecisionState;
  reasons: string[];
  why: string;
  by: string;
  at: string;
  contentVersion: number;
};

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

/** The checklist questions of a template with the document's answers, and the waivers valid now by `field.item`. */
export function launchQuestions(
  template: Template,
  fields: FieldValues,
  waivers: ReadonlyMap<string, ActiveWaiver> = new Map(),
): LaunchQuestion[] {
  const out: LaunchQuestion[] = [];
  for (const f of fieldsOfKind(template, 'checklist')) {
    const answers = valueOf(f, { fields }) ?? {};
    for (const item of f.items) {
      const a = answers[item.key];
      out.push({
        field: f.key,
        key: item.key,
        label: item.label,
        gate: item.gate,
        required: f.required || !!item.required,
        answer: a?.answer ?? null,
        note: a?.note ?? '',
        ...(item.pass ? { pass: item.pass } : {}),
        evidenceRequired: !!item.evidence,
        hasEvidence: !!a?.evidence?.length,
        evidence: a?.evidence ?? [],
        answeredBy: a?.answeredBy ?? null,
        answeredAt: a?.answeredAt ?? null,
        waiver: waivers.get(`${f.key}.${item.key}`) ?? null,
      });
    }
  }
  return out;
}

/** Open launch blockers, leaving out those raised by a question a valid waiver covers. */
const blockersNotWaived = (rows: { title: string; sourceKey: string | null }[], waivers: ReadonlyMap<string, ActiveWaiver>) =>
  rows.filter((b) => !(b.sourceKey && waivers.has(b.sourceKey))).map((b) => b.title);

/**
 * The current launch decision of a checklist document, computed from what is stored now (answers,
 * sign-offs pinned to the content version, open launch blockers). Other modules (the PDF launch
 * certificate, the edit page) call this: keep its name and shape stable.
 */
export async function getLaunchDecision(db: Tx, documentId: string, now: Date = new Date()): Promise<LaunchDecisionReport> {
  const [row] = await db
    .select({
      id: documents.id,
      kind: documents.kind,
      fields: documents.fields,
      contentVersion: documents.contentVersion,
      templateKey: documents.templateKey,
      templateVersion: documents.templateVersion,
      decisionChangedAt: documents.decisionChangedAt,
    })
    .from(documents)
    .where(eq(documents.id, documentId));
  if (!row) throw notFound('No such document.');
  const template = await getTemplate(db as Database, { key: row.templateKey, version: row.templateVersion });
  const signs = await db.select().from(signoffs).where(eq(signoffs.documentId, row.id)).orderBy(asc(signoffs.createdAt), asc(signoffs.id));
  const waivers = await activeWaivers(db, row.id, now);
  const blockers = await db
    .select({ title: actionItems.title, sourceKey: actionItems.sourceKey })
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
    openBlockers: blockersNotWaived(blockers, waivers),
    waivers,
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
  /** Waivers valid now, by `field.item` (activeWaivers). */
  waivers?: ReadonlyMap<string, ActiveWaiver>;
}): LaunchDecisionReport {
  const list = input.signoffs.map((s) => toSignoffView(s, input.contentVersion));
  const questions = launchQuestions(input.template, input.fields, input.waivers);
  const roles = input.template.signoffRoles ?? [];
  const outcome = decideLaunch({
    roles,
    questions,
    openBlockers: input.openBlockers,
    signoffs: list.map((s) => ({
      signer: s.userId ?? s.signerLabel,
      signerLabel: s.signerLabel,
      role: s.role,
      decision: s.decision,
      comment: s.comment,
      stale: s.stale,
      createdAt: s.createdAt,
    })),
  });
  return {
    documentId: input.documentId,
    ...outcome,
    changedAt: input.changedAt?.toISOString() ?? null,
    contentVersion: input.contentVersion,
    roles,
    signoffs: list,
    questions,
  };
}

/** The failing questions a waiver valid now covers, in the template's order. */
export const waiversInForce = (questions: LaunchQuestion[]): WaiverInForce[] =>
  questions.flatMap((q) =>
    q.waiver && isAnswered(q.answer) && !answerPasses(q, q.answer)
      ? [
          {
            field: q.field,
            item: q.key,
            question: q.label,
            answer: q.answer as string,
            reason: q.waiver.reason ?? '',
            risk: q.waiver.risk ?? '',
            approvedBy: q.waiver.approvedBy,
            role: q.waiver.role,
            expiresOn: q.waiver.expiresOn,
          },
        ]
      : [],
  );

/** Open launch blockers among a document's action items (what the decision waits for). */
export const openBlockerTitles = (
  items: { kind: string; status: string; title: string; sourceKey?: string | null }[],
  waivers: ReadonlyMap<string, ActiveWaiver> = new Map(),
) =>
  blockersNotWaived(
    items
      .filter((i) => i.kind === 'launch blocker' && (i.status === 'open' || i.status === 'in_progress'))
      .map((i) => ({ title: i.title, sourceKey: i.sourceKey ?? null })),
    waivers,
  );

/**
 * Recompute a checklist's decision inside the write that may have changed it, and record a change
 * (from, to, who, why). Call it in the same transaction as the write; RCAs are left alone.
 */
export async function refreshLaunchDecision(
  tx: Tx,
  opts: {
    documentId: string;
    actor: Actor;
    why: string /** The document's kind and stored decision when the caller has the locked row. */;
    known?: { kind: string; decision: LaunchDecisionState | null };
    /** The moment the decision is taken at (waivers end with their day). */
    now?: Date;
  },
): Promise<LaunchDecisionReport | null> {
  const [row] = opts.known
    ? [opts.known]
    : await tx.select({ kind: documents.kind, decision: documents.decision }).from(documents).where(eq(documents.id, opts.documentId));
  if (row?.kind !== 'checklist') return null;
  const report = await getLaunchDecision(tx, opts.documentId, opts.now);
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
      data: async () => ({
        document: await loadDocumentRef(tx, opts.documentId),
        from: row.decision,
        to: report.state,
        reasons: report.reasons,
        why: opts.why,
        at: at.toISOString(),
      }),
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
  const fields = fieldsOfKind(template, 'actions');
  const f = fields.find((x) => x.kinds.includes('launch blocker')) ?? fields[0];
  return f?.key ?? fallback;
}

export const questionBlockerTitle = (label: string) => `Answered No: ${label}`;

/**
 * Answering No to a gate or required question opens (or reopens) a launch-blocker action item
 * carrying the question, linked by `source_key`; changing the answer to one that passes closes it
 * (done). Only answers that changed from `before` act, so a blocker someone marked "won't do"
 * stays so until the answer changes again. Returns what changed.
 */
export async function syncQuestionBlockers(
  tx: Tx,
  opts: { template: Template; documentId: string; before: FieldValues | null; fields: FieldValues },
): Promise<string[]> {
  const prior = new Map(launchQuestions(opts.template, opts.before ?? {}).map((q) => [`${q.field}.${q.key}`, q.answer]));
  const questions = launchQuestions(opts.template, opts.fields).filter(
    (q) => (q.gate || q.required) && (!opts.before || prior.get(`${q.field}.${q.key}`) !== q.answer),
  );
  if (!questions.length) return [];
  const linked = await tx
    .select()
    .from(actionItems)
    .where(and(eq(actionItems.documentId, opts.documentId), isNotNull(actionItems.sourceKey)));
  const bySource = new Map(linked.map((i) => [i.sourceKey!, i]));
  const changes: string[] = [];
  for (const q of questions) {
    const source = `${q.field}.${q.key}`;
    const item = bySource.get(source);
    if (isAnswered(q.answer) && !(q.pass ?? DEFAULT_PASS).includes(q.answer as string)) {
      if (!item) {
        const fieldKey = blockerFieldOf(opts.template, q.field);
        const [{ max }] = await tx
          .select({ max: sql<number>`coalesce(max(${actionItems.position}), -1)` })
          .from(actionItems)
          .where(and(eq(actionItems.documentId, opts.documentId), eq(actionItems.fieldKey, fieldKey)));
        const [inserted] = await tx
          .insert(actionItems)
          .values({
            id: randomUUID(),
            documentId: opts.documentId,
            fieldKey,
            position: Number(max) + 1,
            title: questionBlockerTitle(q.label),
            kind: 'launch blocker',
            status: 'open',
            sourceKey: source,
          })
          .returning();
        await emitActionItemEvents(tx, { before: null, after: toActionItemView(inserted) });
        changes.push(`opened blocker “${questionBlockerTitle(q.label)}”`);
      } else if (item.status === 'done' || item.status === 'wont_do') {
        await tx
          .update(actionItems)
          .set({ status: 'open', completedAt: null, version: item.version + 1, updatedAt: new Date() })
          .where(eq(actionItems.id, item.id));
        changes.push(`reopened blocker “${item.title}”`);
      }
    } else if (answerPasses(q, q.answer) && item && (item.status === 'open' || item.status === 'in_progress')) {
      const [closed] = await tx
        .update(actionItems)
        .set({ status: 'done', completedAt: new Date(), version: item.version + 1, updatedAt: new Date() })
        .where(eq(actionItems.id, item.id))
        .returning();
      await emitActionItemEvents(tx, { before: item, after: toActionItemView(closed) });
      changes.push(`closed blocker “${item.title}”`);
    }
  }
  return changes;
}

/** The tabs of /launches: every review, launch time still ahead, decided Go or No-Go, launched (Go, launch time passed). */
export const LAUNCH_VIEWS = ['all', 'upcoming', 'decided', 'launched'] as const;
export type LaunchView = (typeof LAUNCH_VIEWS)[number];

export const LaunchListFilterSchema = z.object({
  view: z.enum(LAUNCH_VIEWS).catch('all').default('all'),
  cursor: safeText().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Launch reviews the actor may read, latest launch first (none last), with their decision and current Go/No-Go
 * counts; keyset-paged in `documents_launches_idx` order, the counts read per row of the page only.
 */
export async function listLaunchReviews(db: Database, opts: { actor: Actor; filter?: z.infer<typeof LaunchListFilterSchema>; now?: Date }) {
  const filter = opts.filter ?? LaunchListFilterSchema.parse({});
  const now = opts.now ?? new Date();
  const where = [eq(documents.kind, 'checklist'), documentAccess(opts.actor)];
  if (filter.view === 'upcoming') where.push(sql`${documents.launchAt} > ${now.toISOString()}::timestamptz`);
  if (filter.view === 'decided') where.push(inArray(documents.decision, ['go', 'no_go']));
  if (filter.view === 'launched') where.push(sql`${documents.launchAt} <= ${now.toISOString()}::timestamptz`, eq(documents.decision, 'go'));
  // `launch_at desc nulls last` as a key: -infinity stands for "no launch time" so one row comparison pages it.
  const launchKey = sql`coalesce(${documents.launchAt}, '-infinity'::timestamptz)`;
  const cursor = decodeCursor(filter.cursor, 3);
  if (cursor && 'keyset' in cursor) {
    const [at, title, id] = cursor.keyset;
    where.push(
      sql`(${launchKey} < ${at}::timestamptz or (${launchKey} = ${at}::timestamptz and (${documents.title}, ${documents.id}) > (${title}, ${id})))`,
    );
  }
  const current = (decision: 'go' | 'no_go') =>
    // Qualified by hand: inside a subquery drizzle writes bare column names, and a bare "id" would be the sign-off's own.
    sql<number>`(select count(*)::int from "signoffs" s where s."document_id" = "documents"."id" and s."decision" = ${decision} and s."content_version" = "documents"."content_version")`;
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
      go: current('go'),
      noGo: current('no_go'),
      keyAt: sql<string>`case when ${documents.launchAt} is null then '-infinity' else ${exactInstant(documents.launchAt)} end`,
    })
    .from(documents)
    .where(and(...where))
    .orderBy(sql`${documents.launchAt} desc nulls last`, asc(documents.title), asc(documents.id))
    .limit(filter.limit + 1)
    .offset(cursor && 'offset' in cursor ? cursor.offset : 0);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  // Every write stores the decision; a review not written since the upgrade has none yet, so compute it.
  const items = await Promise.all(
    page.map(async ({ keyAt: _k, ...r }) => ({
      ...r,
      decision: r.decision ?? (await getLaunchDecision(db, r.id)).state,
      launchAt: r.launchAt?.toISOString() ?? null,
    })),
  );
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor([last.keyAt, last.title, last.id]) : null };
}

/**
 * How many launch reviews the actor may read are Go, No-Go and Pending (a review without a stored decision counts as
 * pending), each capped (app/lib/count.ts): `cap + 1` means more than `cap`.
 */
export async function countLaunchDecisions(db: Database, opts: { actor: Actor; cap?: number }) {
  const cap = opts.cap ?? COUNT_CAP;
  // Each count reads at most cap + 1 rows of documents_checklist_decision_idx (a review not yet decided counts as pending).
  const of = (decision: 'go' | 'no_go' | 'pending') =>
    cappedCount(
      db
        .select({ one: sql`1` })
        .from(documents)
        .where(
          and(eq(documents.kind, 'checklist'), documentAccess(opts.actor), sql`coalesce(${documents.decision}, 'pending') = ${decision}`),
        ),
      cap,
    );
  const [row] = rowsOf(await db.execute(sql`select ${of('go')} as go, ${of('no_go')} as no_go, ${of('pending')} as pending`));
  return { go: Number(row?.go ?? 0), noGo: Number(row?.no_go ?? 0), pending: Number(row?.pending ?? 0), cap };
}
