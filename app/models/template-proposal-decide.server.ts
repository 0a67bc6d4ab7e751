/**
 * An admin decides a template proposal. Accepting stores the template's next version: its latest version (whatever
 * changed since the proposal) with the question appended to the chosen checklist, carrying its provenance
 * (`source`: the proposal and the RCA). New documents use that version; existing ones keep theirs. Declining needs a
 * reason. Only an open proposal is decided (409 otherwise).
 */
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { templateProposals, templates } from '../../db/schema';
import { TemplateSchema, type ChecklistItem, type Template } from '../../templates/schema';
import { templateRoles } from '../../templates/roles';
import { conflict, forbidden, notFound, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { recordAudit } from '~/models/audit.server';
import { addCustomTemplate } from '~/models/template.server';
import { proposalViews } from '~/models/template-proposal.server';
import type { Actor, TemplateProposalView } from '~/models/types';

export const ProposalDecisionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('accept') }).strict(),
    z
      .object({
        action: z.literal('decline'),
        reason: safeText('say why it is declined').trim().min(1, 'say why it is declined').max(2000),
      })
      .strict(),
  ],
  { error: 'choose accept or decline' },
);

/** A checklist item key from the question's words (`isThereARollbackDrill`), unique among `taken`. */
export function itemKeyFor(label: string, taken: ReadonlySet<string>): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 6);
  let base = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
  if (!base) base = 'proposedQuestion';
  else if (!/^[a-z]/.test(base)) base = `q${base}`;
  base = base.slice(0, 40);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}${n}`;
  return key;
}

/** The next version of `latest` with the proposal's question appended to its checklist; throws 409 if it cannot be. */
export function nextVersionWith(latest: Template, p: typeof templateProposals.$inferSelect): { definition: Template; item: string } {
  let item = '';
  let found = false;
  const sections = latest.sections.map((s) => ({
    ...s,
    fields: s.fields.map((f) => {
      if (f.key !== p.fieldKey || f.type !== 'checklist') return f;
      found = true;
      if (f.items.some((i) => i.label.trim().toLowerCase() === p.label.trim().toLowerCase()))
        throw conflict(`"${f.label}" in ${latest.title} v${latest.version} already asks this question: decline it.`);
      item = itemKeyFor(p.label, new Set(f.items.map((i) => i.key)));
      const added: ChecklistItem = {
        key: item,
        label: p.label,
        ...(p.help ? { help: p.help } : {}),
        gate: false,
        source: { proposal: p.id, rca: p.rcaId },
      };
      return { ...f, items: [...f.items, added] };
    }),
  }));
  if (!found)
    throw conflict(`${latest.title} v${latest.version} has no checklist "${p.fieldKey}" any more: decline the proposal, saying so.`);
  // The roles are written out (a version stored before roles existed gets the ones it was read with), as the admin editor does.
  const definition = { ...latest, version: latest.version + 1, roles: templateRoles(latest), sections };
  return { definition, item };
}

const me = (actor: Actor) => actor.name || actor.email;

/** Accept (into the template's next version) or decline (with a reason) an open proposal. Admins only. */
export async function decideProposal(
  db: Database,
  opts: { actor: Actor; proposalId: string; input: unknown; ip?: string | null },
): Promise<TemplateProposalView> {
  if (opts.actor.role !== 'admin') throw forbidden('Only admins accept or decline template proposals.');
  const r = ProposalDecisionSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  if (!z.string().uuid().safeParse(opts.proposalId).success) throw notFound('No such proposal.');
  const decision = r.data;
  const row = await db.transaction(async (tx) => {
    const [p] = await tx.select().from(templateProposals).where(eq(templateProposals.id, opts.proposalId)).for('update');
    if (!p) throw notFound('No such proposal.');
    if (p.status !== 'open') throw conflict(`This proposal is ${p.status} already: only an open proposal can be decided.`);
    const decided = { decidedBy: opts.actor.id, decidedByLabel: me(opts.actor), decidedAt: new Date() };
    if (decision.action === 'decline') {
      const [declined] = await tx
        .update(templateProposals)
        .set({ ...decided, status: 'declined', declineReason: decision.reason })
        .where(eq(templateProposals.id, p.id))
        .returning();
      await recordAudit(tx, {
        actor: opts.actor,
        action: 'proposal.declined',
        targetType: 'template',
        targetId: p.templateKey,
        ip: opts.ip ?? null,
        details: { proposal: p.id, rca: p.rcaId, reason: decision.reason },
      });
      return declined;
    }
    // One new version of a template at a time: two acceptances racing for the same key take turns here.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`template-version:${p.templateKey}`}))`);
    const [latestRow] = await tx
      .select({ definition: templates.definition })
      .from(templates)
      .where(eq(templates.key, p.templateKey))
      .orderBy(desc(templates.version))
      .limit(1);
    if (!latestRow) throw conflict(`The template "${p.templateKey}" is gone: decline the proposal.`);
    const latest = TemplateSchema.parse(latestRow.definition);
    const { definition, item } = nextVersionWith(latest, p);
    const saved = await addCustomTemplate(tx as unknown as Database, {
      actor: opts.actor,
      definition,
      ip: opts.ip,
      extendsBuiltIn: true,
      details: { proposal: p.id, rca: p.rcaId },
    });
    const [accepted] = await tx
      .update(templateProposals)
      .set({ ...decided, status: 'accepted', acceptedVersion: saved.version, itemKey: item })
      .where(eq(templateProposals.id, p.id))
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'proposal.accepted',
      targetType: 'template',
      targetId: `${saved.key}@${saved.version}`,
      ip: opts.ip ?? null,
      details: { proposal: p.id, rca: p.rcaId, item },
    });
    return accepted;
  });
  return (await proposalViews(db, [row]))[0];
}
