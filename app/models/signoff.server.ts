import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '../lib/safe-text';
import type { Database } from '../../db/client';
import { SIGNOFF_DECISIONS, documents, signoffs } from '../../db/schema';
import { templateFields, type Template } from '../../templates/schema';
import { HttpError, forbidden, notFound, validationError } from '../lib/errors.server';
import { recordAudit } from './audit.server';
import { canEdit, getDocument } from './document.server';
import type { Actor, ChecklistAnswer, DocumentView, SignoffView } from './types';

export const SignoffInputSchema = z
  .object({
    role: safeText().trim().min(1, 'name the role you sign for').max(100),
    decision: z.enum(SIGNOFF_DECISIONS),
    comment: safeText().trim().max(2000).default(''),
  })
  .strict();

/** Record a Go or No-Go on the document's current version (a later edit makes it stale). */
export async function createSignoff(db: Database, opts: { actor: Actor; documentId: string; input: unknown }): Promise<SignoffView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors can sign off.');
  const r = SignoffInputSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const doc = await getDocument(db, { actor: opts.actor, id: opts.documentId });
  if (doc.kind !== 'checklist') throw new HttpError(422, 'not_a_checklist', 'Only launch checklists take sign-offs.');
  if (doc.status === 'archived') throw new HttpError(409, 'read_only', 'This review is archived; restore it as a draft to sign off.');
  const roles = doc.template.signoffRoles;
  if (roles?.length && !roles.includes(r.data.role))
    throw new HttpError(400, 'invalid', `Sign off as one of: ${roles.join(', ')}.`, [{ path: ['role'], message: `choose one of: ${roles.join(', ')}` }]);
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    const [current] = await tx.select({ version: documents.version }).from(documents).where(eq(documents.id, doc.id)).for('update');
    if (!current) throw notFound('No such document.');
    const [inserted] = await tx
      .insert(signoffs)
      .values({ id, documentId: doc.id, userId: opts.actor.id, signerLabel: opts.actor.name || opts.actor.email, role: r.data.role, decision: r.data.decision, comment: r.data.comment, documentVersion: current.version })
      .returning();
    await recordAudit(tx, { actor: opts.actor, action: 'signoff.created', targetType: 'document', targetId: doc.id, details: { role: r.data.role, decision: r.data.decision, version: current.version } });
    return inserted;
  });
  return {
    id: row.id,
    signerLabel: row.signerLabel,
    role: row.role,
    decision: row.decision,
    comment: row.comment,
    documentVersion: row.documentVersion,
    stale: false,
    createdAt: row.createdAt.toISOString(),
  };
}

export type LaunchDecision = {
  decision: 'go' | 'no_go' | 'pending';
  /** Roles without a current Go (a No-Go counts as missing too). */
  missingRoles: string[];
  noGoBy: string[];
  /** Gate questions not answered yes or n.a. */
  unmetGates: string[];
  unanswered: number;
};

/** Go only when every gate is met, every question answered and every required role has a current Go; any current No-Go is a No-Go. */
export function launchDecision(template: Template, doc: Pick<DocumentView, 'fields' | 'signoffs'>): LaunchDecision {
  const current = new Map<string, SignoffView>();
  for (const s of doc.signoffs) if (!s.stale) current.set(`${s.role}\u0000${s.signerLabel}`, s); // latest per signer and role
  const latest = [...current.values()];
  const noGoBy = latest.filter((s) => s.decision === 'no_go').map((s) => `${s.signerLabel} (${s.role})`);
  const goRoles = new Set(latest.filter((s) => s.decision === 'go').map((s) => s.role));
  const roles = template.signoffRoles ?? [];
  const missingRoles = roles.filter((r) => !goRoles.has(r));
  const unmetGates: string[] = [];
  let unanswered = 0;
  for (const f of templateFields(template)) {
    if (f.type !== 'checklist') continue;
    const answers = (doc.fields[f.key] ?? {}) as Record<string, ChecklistAnswer>;
    for (const item of f.items) {
      const a = answers[item.key]?.answer;
      if (!a) unanswered++;
      if (item.gate && a !== 'yes' && a !== 'na') unmetGates.push(item.label);
    }
  }
  const decision = noGoBy.length ? 'no_go' : !missingRoles.length && !unmetGates.length && !unanswered && (roles.length || goRoles.size) ? 'go' : 'pending';
  return { decision, missingRoles, noGoBy, unmetGates, unanswered };
}
