import type { Database } from '../../db/client';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import type { Actor } from '../../app/models/types';

const KEYS = [
  'testedEnough',
  'finalQa',
  'communicationReady',
  'inProductionForStaff',
  'darkLaunch',
  'percentageLaunch',
  'monitoring',
  'onOffSwitches',
  'leadsAvailable',
  'userFeedback',
  'successTime',
  'contingencyPlan',
];
export const GO_NO_GO_ROLES = ['Engineering lead', 'Product owner', 'Operations', 'Support'];

/** A Go/No-Go v2 review, every answer yes, in review; `signers` (one per role) sign Go when given. */
export async function createLaunch(
  db: Database,
  opts: {
    author: Actor;
    title: string /** Default 2026-11-01T15:00Z (the field is required for review); null leaves it empty. */;
    launchAt?: string | null;
    successAt?: string;
    launchers?: string[];
    signers?: Actor[];
    service?: string;
  },
) {
  const doc = await createDocument(db, {
    actor: opts.author,
    input: {
      template: { key: 'etsy-go-no-go', version: 2 },
      title: opts.title,
      ...(opts.service ? { service: opts.service } : {}),
      fields: {
        ...(opts.launchAt === null ? {} : { launchAt: opts.launchAt ?? '2026-11-01T15:00:00Z' }),
        ...(opts.successAt ? { successAt: opts.successAt } : {}),
        launchers: opts.launchers ?? ['Ana'],
        feature: 'A feature',
        checks: Object.fromEntries(KEYS.map((k) => [k, { answer: 'yes', note: '' }])),
      },
    },
  });
  if (!opts.signers) return doc;
  await transitionDocument(db, { actor: opts.author, id: doc.id, input: { to: 'in_review', version: doc.version } });
  for (const [i, role] of GO_NO_GO_ROLES.entries())
    await createSignoff(db, { actor: opts.signers[i], documentId: doc.id, input: { role, decision: 'go', comment: '' } });
  return doc;
}
