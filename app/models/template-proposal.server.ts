/**
 * Template proposals (issue 12 item 4): from an RCA, anyone who can read it proposes a new question for a checklist
 * template, citing the RCA. An admin accepts it into the template's next version (template-proposal-decide.server.ts)
 * or declines it with a reason; the proposer may withdraw it while it is open.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { PROPOSAL_STATUSES, templateProposals } from '../../db/schema';
import type { Template } from '../../templates/schema';
import { fieldsOfKind } from '~/fields/text';
import { HttpError, conflict, forbidden, notFound, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { recordAudit } from '~/models/audit.server';
import { getDocument } from '~/models/document.server';
import { listTemplates } from '~/models/template.server';
import type { Actor, TemplateProposalView } from '~/models/types';

export type ProposalRow = typeof templateProposals.$inferSelect;

export const ProposalInputSchema = z
  .object({
    template: safeText().trim().min(1, 'choose the checklist template').max(64),
    field: safeText().trim().min(1, 'choose the checklist the question goes in').max(60),
    question: safeText().trim().min(1, 'write the question').max(300, 'keep the question under 300 characters'),
    help: safeText().trim().max(1000, 'keep the help under 1000 characters').optional(),
    reason: safeText().trim().min(1, 'say what this RCA showed that the question would catch').max(2000),
  })
  .strict();

export const ProposalListFilterSchema = z.object({
  status: z.enum(PROPOSAL_STATUSES, 'choose open, accepted, declined or withdrawn').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const issueAt = (path: string, message: string) => new HttpError(400, 'invalid', message, [{ path: [path], message }]);
const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The latest version of every checklist template: what a question may be proposed for. */
export async function checklistTargets(db: Database): Promise<Template[]> {
  return (await listTemplates(db, { latestOnly: true })).filter((t) => t.kind === 'checklist');
}

export function toProposalView(p: ProposalRow, latest: ReadonlyMap<string, Template>): TemplateProposalView {
  const t = latest.get(p.templateKey);
  const field = t ? fieldsOfKind(t, 'checklist').find((f) => f.key === p.fieldKey) : undefined;
  return {
    id: p.id,
    rcaId: p.rcaId,
    rcaTitle: p.rcaTitle,
    template: p.templateKey,
    templateTitle: t?.title ?? p.templateKey,
    field: p.fieldKey,
    fieldLabel: field?.label ?? p.fieldKey,
    question: p.label,
    help: p.help,
    reason: p.reason,
    proposedBy: p.proposedByLabel,
    proposedById: p.proposedBy,
    proposedAt: p.createdAt.toISOString(),
    status: p.status,
    decidedBy: p.decidedByLabel,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    declineReason: p.declineReason,
    acceptedVersion: p.acceptedVersion,
    item: p.itemKey,
  };
}

/** Views of stored proposals, named by the latest version of their templates. */
export async function proposalViews(db: Database, rows: ProposalRow[]): Promise<TemplateProposalView[]> {
  if (!rows.length) return [];
  const latest = new Map((await listTemplates(db, { latestOnly: true })).map((t) => [t.key, t]));
  return rows.map((r) => toProposalView(r, latest));
}

/** The proposals citing an RCA the actor may read, newest first. */
export async function listDocumentProposals(db: Database, opts: { actor: Actor; id: string }): Promise<TemplateProposalView[]> {
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  return proposalsCiting(db, doc.id);
}

/** The proposals citing an RCA, newest first: for a caller that has read the RCA already (its page). */
export async function proposalsCiting(db: Database, rcaId: string): Promise<TemplateProposalView[]> {
  const rows = await db
    .select()
    .from(templateProposals)
    .where(eq(templateProposals.rcaId, rcaId))
    .orderBy(desc(templateProposals.createdAt), desc(templateProposals.id));
  return proposalViews(db, rows);
}

/** Every proposal for admins: open ones first (oldest waiting longest first), then the decided, newest first. */
export async function listTemplateProposals(
  db: Database,
  opts: { actor: Actor; filter: z.infer<typeof ProposalListFilterSchema> },
): Promise<{ items: TemplateProposalView[]; total: number }> {
  if (opts.actor.role !== 'admin') throw forbidden('Only admins review template proposals.');
  const { status, page, limit } = opts.filter;
  const where = status ? eq(templateProposals.status, status) : undefined;
  const open = sql`(${templateProposals.status} = 'open')`;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(templateProposals)
      .where(where)
      .orderBy(
        desc(open),
        sql`case when ${open} then ${templateProposals.createdAt} end asc`,
        desc(templateProposals.createdAt),
        desc(templateProposals.id),
      )
      .limit(limit)
      .offset((page - 1) * limit),
    db.select({ total: count() }).from(templateProposals).where(where),
  ]);
  return { items: await proposalViews(db, rows), total };
}

/** Propose a question for a checklist template, citing this RCA. Anyone who may read the RCA may. */
export async function proposeQuestion(db: Database, opts: { actor: Actor; id: string; input: unknown }): Promise<TemplateProposalView> {
  const r = ProposalInputSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const input = r.data;
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (doc.kind !== 'rca') throw issueAt('id', 'Questions are proposed from an RCA; this document is a launch review.');
  const all = await listTemplates(db, { latestOnly: true });
  const template = all.find((t) => t.key === input.template);
  if (!template) throw issueAt('template', `There is no template "${input.template}".`);
  if (template.kind !== 'checklist')
    throw issueAt('template', `"${template.title}" is an RCA template: questions are proposed for checklist templates.`);
  const checklists = fieldsOfKind(template, 'checklist');
  const field = checklists.find((f) => f.key === input.field);
  if (!field)
    throw issueAt(
      'field',
      `"${template.title}" v${template.version} has no checklist "${input.field}"; choose one of: ${checklists.map((f) => f.key).join(', ')}.`,
    );
  if (field.items.some((i) => sameText(i.label, input.question))) throw issueAt('question', `"${field.label}" already asks this question.`);
  return db.transaction(async (tx) => {
    const open = await tx
      .select({ label: templateProposals.label })
      .from(templateProposals)
      .where(
        and(
          eq(templateProposals.templateKey, template.key),
          eq(templateProposals.fieldKey, field.key),
          eq(templateProposals.status, 'open'),
        ),
      );
    if (open.some((p) => sameText(p.label, input.question)))
      throw conflict('This question is already proposed for that checklist and waiting for an admin.');
    const [row] = await tx
      .insert(templateProposals)
      .values({
        id: randomUUID(),
        rcaId: doc.id,
        rcaTitle: doc.title,
        templateKey: template.key,
        fieldKey: field.key,
        label: input.question,
        help: input.help || null,
        reason: input.reason,
        proposedBy: opts.actor.via === 'system' ? null : opts.actor.id,
        proposedByLabel: opts.actor.name || opts.actor.email,
      })
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'proposal.created',
      targetType: 'document',
      targetId: doc.id,
      details: { proposal: row.id, template: template.key, field: field.key },
    });
    return toProposalView(row, new Map([[template.key, template]]));
  });
}

/** The proposer (or an admin) takes back an open proposal. */
export async function withdrawProposal(
  db: Database,
  opts: { actor: Actor; id: string; proposalId: string },
): Promise<TemplateProposalView> {
  if (!z.string().uuid().safeParse(opts.proposalId).success) throw notFound('No such proposal.');
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  const row = await db.transaction(async (tx) => {
    const [p] = await tx
      .select()
      .from(templateProposals)
      .where(and(eq(templateProposals.id, opts.proposalId), eq(templateProposals.rcaId, doc.id)))
      .for('update');
    if (!p) throw notFound('No such proposal on this RCA.');
    if (p.proposedBy !== opts.actor.id && opts.actor.role !== 'admin') throw forbidden('Only the person who proposed it can withdraw it.');
    if (p.status !== 'open') throw conflict(`This proposal is ${p.status}: only an open one can be withdrawn.`);
    const [saved] = await tx
      .update(templateProposals)
      .set({ status: 'withdrawn', decidedBy: opts.actor.id, decidedByLabel: opts.actor.name || opts.actor.email, decidedAt: new Date() })
      .where(eq(templateProposals.id, p.id))
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'proposal.withdrawn',
      targetType: 'document',
      targetId: doc.id,
      details: { proposal: p.id },
    });
    return saved;
  });
  return (await proposalViews(db, [row]))[0];
}
