/**
 * The RCA page's "Propose a checklist question" panel, server side: its loader data and its two form intents
 * (`proposal-add`, `proposal-withdraw`), kept here so the page route only wires them in. Unlike the page's other
 * forms these are open to viewers: anyone who may read the RCA may propose.
 */
import { z } from 'zod';
import type { Database } from '../../db/client';
import { fieldsOfKind } from '~/fields/text';
import { formFailure } from '~/lib/route.server';
import { checklistTargets, proposalsCiting, proposeQuestion, withdrawProposal } from '~/models/template-proposal.server';
import type { Actor, DocumentView } from '~/models/types';

/** What the panel shows: null for a document that is not an RCA. */
export async function proposalPanelData(db: Database, opts: { actor: Actor; doc: DocumentView }) {
  if (opts.doc.kind !== 'rca') return null;
  // The page read the document for this actor already: its access rule has been applied.
  const [proposals, targets] = await Promise.all([proposalsCiting(db, opts.doc.id), checklistTargets(db)]);
  return {
    proposals,
    targets: targets.map((t) => ({
      key: t.key,
      title: t.title,
      version: t.version,
      fields: fieldsOfKind(t, 'checklist').map((f) => ({ key: f.key, label: f.label })),
    })),
    me: opts.actor.id,
    isAdmin: opts.actor.role === 'admin',
  };
}
export type ProposalPanelData = NonNullable<Awaited<ReturnType<typeof proposalPanelData>>>;

export const PROPOSAL_INTENTS: readonly unknown[] = ['proposal-add', 'proposal-withdraw'];

/** The panel's forms, for the page's intent union (`target` is `<template>.<field>`; the model checks the values). */
export const proposalIntentSchemas = () =>
  [
    z.object({
      intent: z.literal('proposal-add'),
      target: z.string().default(''),
      question: z.string().default(''),
      help: z.string().default(''),
      reason: z.string().default(''),
    }),
    z.object({ intent: z.literal('proposal-withdraw'), proposal: z.string().default('') }),
  ] as const;

type ProposalIntent =
  | { intent: 'proposal-add'; target: string; question: string; help: string; reason: string }
  | { intent: 'proposal-withdraw'; proposal: string };

/** Answer one of the panel's forms; a refused proposal comes back with what was typed. */
export async function handleProposalIntent(db: Database, opts: { actor: Actor; id: string; input: ProposalIntent }) {
  const { input } = opts;
  try {
    if (input.intent === 'proposal-withdraw') {
      const p = await withdrawProposal(db, { actor: opts.actor, id: opts.id, proposalId: input.proposal });
      return { ok: true as const, scope: 'proposals' as const, message: `Proposal “${p.question}” withdrawn.` };
    }
    const dot = input.target.indexOf('.');
    const [template, field] = dot < 0 ? [input.target, ''] : [input.target.slice(0, dot), input.target.slice(dot + 1)];
    const p = await proposeQuestion(db, {
      actor: opts.actor,
      id: opts.id,
      input: { template, field, question: input.question, help: input.help, reason: input.reason },
    });
    return {
      ok: true as const,
      scope: 'proposals' as const,
      message: `Proposed for ${p.templateTitle} (${p.fieldLabel}): an admin accepts it into the template’s next version or declines it.`,
    };
  } catch (e) {
    const values =
      input.intent === 'proposal-add'
        ? { target: input.target, question: input.question, help: input.help, reason: input.reason }
        : undefined;
    return formFailure(e, { scope: 'proposals', values });
  }
}
