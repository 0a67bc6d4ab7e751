/**
 * The document page's outcome panel, server side: its loader data and its two form intents (`outcome-record`,
 * `outcome-rca`), kept here so the page route only wires them in.
 */
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { formFailure } from '~/lib/route.server';
import { canEdit } from '~/models/access.server';
import { getLaunchOutcome, isLaunchOwner, OUTCOME_LABELS, recordLaunchOutcome, startOutcomeRca } from '~/models/launch-outcome.server';
import type { Actor, DocumentView } from '~/models/types';

/** What the panel shows: null for a document that is not a launch review. */
export async function outcomePanelData(db: Database, opts: { actor: Actor; doc: DocumentView; now: Date }) {
  if (opts.doc.kind !== 'checklist') return null;
  const outcome = await getLaunchOutcome(db, { actor: opts.actor, id: opts.doc.id, now: opts.now });
  return { ...outcome, owner: isLaunchOwner(opts.actor, opts.doc), canRecord: canEdit(opts.actor) };
}
export type OutcomePanelData = NonNullable<Awaited<ReturnType<typeof outcomePanelData>>>;

/** The panel's forms, for the page's intent union (typed by what people choose; the model checks the values). */
export const outcomeIntentSchemas = () =>
  [
    z.object({
      intent: z.literal('outcome-record'),
      outcome: z.string().default(''),
      note: z.string().default(''),
      outcomeVersion: z.string().default(''),
    }),
    z.object({ intent: z.literal('outcome-rca') }),
  ] as const;

type OutcomeIntent = { intent: 'outcome-record'; outcome: string; note: string; outcomeVersion: string } | { intent: 'outcome-rca' };

/** Answer one of the panel's forms: a message for the panel, or (starting an RCA) a redirect to its edit page. */
export async function handleOutcomeIntent(db: Database, opts: { actor: Actor; id: string; input: OutcomeIntent; now: Date }) {
  try {
    if (opts.input.intent === 'outcome-rca') {
      const { rcaId } = await startOutcomeRca(db, { actor: opts.actor, id: opts.id, now: opts.now });
      return redirect(`/docs/${rcaId}/edit`);
    }
    const { outcome, note, outcomeVersion } = opts.input;
    const saved = await recordLaunchOutcome(db, {
      actor: opts.actor,
      id: opts.id,
      input: { outcome, note, version: outcomeVersion },
      now: opts.now,
    });
    return {
      ok: true as const,
      scope: 'outcome' as const,
      message: `Outcome recorded: ${saved.outcome ? OUTCOME_LABELS[saved.outcome] : ''}.`,
    };
  } catch (e) {
    return formFailure(e, { scope: 'outcome' });
  }
}
