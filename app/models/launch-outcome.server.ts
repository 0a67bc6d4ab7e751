/**
 * Launch outcomes (issue 11 item 6): from the template's agreed time to declare success (the `success` role, stored
 * as documents.success_at), a launch decided Go asks its owners to record what happened: success, rolled back or an
 * incident, with a note. There is one current outcome per launch; re-recording is an audited edit pinned to the
 * version read (409 when stale). An incident can start an RCA linked "caused by launch".
 */
import { and, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { LAUNCH_OUTCOMES, type LaunchOutcome, documents, launchOutcomes, users } from '../../db/schema';
import { roleField } from '../../templates/roles';
import { HttpError, conflict, forbidden, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { canEdit, documentAccess } from '~/models/access.server';
import { getTemplate } from '~/models/template.server';
import { recordAudit } from '~/models/audit.server';
import { createDocument, getDocument } from '~/models/document.server';
import { addLink } from '~/models/link.server';
import type { Actor, DocumentView } from '~/models/types';

export { LAUNCH_OUTCOMES, type LaunchOutcome };

export const OUTCOME_LABELS: Record<LaunchOutcome, string> = {
  success: 'Success',
  rolled_back: 'Rolled back',
  incident: 'Incident',
};

export type LaunchOutcomeView = {
  documentId: string;
  /** The agreed time to declare success, when the template has one and it is filled. */
  successAt: string | null;
  /** The outcome is asked for: decided Go, success time reached, nothing recorded yet. */
  due: boolean;
  /** Null until recorded. */
  outcome: LaunchOutcome | null;
  note: string;
  recordedBy: string | null;
  recordedAt: string | null;
  rcaId: string | null;
  /** The version to send with the next PUT: 0 before the first outcome. */
  version: number;
};

export const RecordOutcomeSchema = z
  .object({
    outcome: z.enum(LAUNCH_OUTCOMES, { message: `choose one of: ${LAUNCH_OUTCOMES.join(', ')}` }),
    note: safeText().trim().max(5000, 'keep the note under 5000 characters').default(''),
    version: z.coerce.number({ message: 'send the version you read (0 before the first outcome)' }).int().min(0),
  })
  .strict();

type OutcomeRow = typeof launchOutcomes.$inferSelect;

function isDue(doc: { kind: string; decision: string | null }, successAt: Date | null, row: OutcomeRow | undefined, now: Date) {
  return doc.kind === 'checklist' && doc.decision === 'go' && !!successAt && successAt <= now && !row;
}

async function outcomeRow(db: Database, documentId: string) {
  const [row] = await db
    .select({ o: launchOutcomes, name: users.name, email: users.email, successAt: documents.successAt })
    .from(documents)
    .leftJoin(launchOutcomes, eq(launchOutcomes.documentId, documents.id))
    .leftJoin(users, eq(users.id, launchOutcomes.recordedBy))
    .where(eq(documents.id, documentId));
  return row;
}

function toView(doc: DocumentView, found: Awaited<ReturnType<typeof outcomeRow>>, now: Date): LaunchOutcomeView {
  const o = found?.o ?? undefined;
  const successAt = found?.successAt ?? null;
  return {
    documentId: doc.id,
    successAt: successAt?.toISOString() ?? null,
    due: isDue({ kind: doc.kind, decision: doc.decision?.state ?? null }, successAt, o, now),
    outcome: o?.outcome ?? null,
    note: o?.note ?? '',
    recordedBy: o ? found?.name || found?.email || o.recordedByLabel : null,
    recordedAt: o?.recordedAt.toISOString() ?? null,
    rcaId: o?.rcaId ?? null,
    version: o?.version ?? 0,
  };
}

const notALaunch = () =>
  new HttpError(400, 'invalid', 'Only launch reviews (checklists) have an outcome.', [{ path: ['id'], message: 'not a launch review' }]);

/** The outcome of a launch the actor may read (404 otherwise). */
export async function getLaunchOutcome(db: Database, opts: { actor: Actor; id: string; now: Date }): Promise<LaunchOutcomeView> {
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (doc.kind !== 'checklist') throw notALaunch();
  return toView(doc, await outcomeRow(db, doc.id), opts.now);
}

/** Record (or re-record) the outcome; `version` must be the one read (0 for the first), else 409. */
export async function recordLaunchOutcome(
  db: Database,
  opts: { actor: Actor; id: string; input: unknown; now: Date },
): Promise<LaunchOutcomeView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors record launch outcomes.');
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (doc.kind !== 'checklist') throw notALaunch();
  const r = RecordOutcomeSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { outcome, note, version } = r.data;
  const label = opts.actor.name || opts.actor.email;
  const by = opts.actor.via === 'system' ? null : opts.actor.id;
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(launchOutcomes).where(eq(launchOutcomes.documentId, doc.id)).for('update');
    if ((current?.version ?? 0) !== version)
      throw conflict('Someone recorded this outcome since you read it: reload and try again.', undefined, {
        issues: [{ path: ['version'], message: `the current version is ${current?.version ?? 0}` }],
      });
    if (current) {
      await tx
        .update(launchOutcomes)
        .set({ outcome, note, recordedBy: by, recordedByLabel: label, recordedAt: opts.now, version: current.version + 1 })
        .where(and(eq(launchOutcomes.documentId, doc.id), eq(launchOutcomes.version, current.version)));
    } else {
      const [row] = await tx
        .insert(launchOutcomes)
        .values({ documentId: doc.id, outcome, note, recordedBy: by, recordedByLabel: label, recordedAt: opts.now })
        .onConflictDoNothing()
        .returning({ v: launchOutcomes.version });
      if (!row)
        throw conflict('Someone recorded this outcome since you read it: reload and try again.', undefined, {
          issues: [{ path: ['version'], message: 'the current version is 1' }],
        });
    }
    await recordAudit(tx, {
      actor: opts.actor,
      action: current ? 'launch.outcome_edited' : 'launch.outcome_recorded',
      targetType: 'document',
      targetId: doc.id,
      details: current ? { from: current.outcome, to: outcome } : { outcome },
    });
  });
  return toView(doc, await outcomeRow(db, doc.id), opts.now);
}

/**
 * An incident outcome starts an incident review: a blameless-RCA draft linked "caused by launch" to this launch,
 * remembered on the outcome (a second call returns the same review).
 */
export async function startOutcomeRca(db: Database, opts: { actor: Actor; id: string; now: Date }): Promise<{ rcaId: string }> {
  const view = await getLaunchOutcome(db, opts);
  if (!canEdit(opts.actor)) throw forbidden('Only editors start incident reviews.');
  if (view.outcome !== 'incident')
    throw new HttpError(400, 'invalid', 'Record the outcome "incident" first.', [
      { path: ['outcome'], message: 'record "incident" first' },
    ]);
  if (view.rcaId) return { rcaId: view.rcaId };
  const launch = await getDocument(db, { actor: opts.actor, id: opts.id });
  const rca = await createDocument(db, {
    actor: opts.actor,
    input: {
      template: 'blameless-rca',
      title: `Incident after launch: ${launch.title}`.slice(0, 300),
      service: launch.service ?? undefined,
    },
  });
  await addLink(db, { actor: opts.actor, id: rca.id, input: { kind: 'caused_by_launch', to: launch.id } });
  await db.update(launchOutcomes).set({ rcaId: rca.id }).where(eq(launchOutcomes.documentId, launch.id));
  return { rcaId: rca.id };
}

/** Whether the actor owns the launch: its author, or named (by email or name) in the template's `people` role. */
export function isLaunchOwner(
  actor: Actor,
  doc: { authorId: string | null; template: DocumentView['template']; fields: Record<string, unknown> },
) {
  if (doc.authorId === actor.id) return true;
  const f = roleField(doc.template, 'people');
  return namesActor(actor, f ? doc.fields[f.key] : undefined);
}

/** Whether a people-field value names the actor (by email or name, case and spaces aside). */
function namesActor(actor: Actor, people: unknown): boolean {
  if (!Array.isArray(people)) return false;
  const me = new Set([actor.email.toLowerCase(), actor.name.trim().toLowerCase()].filter(Boolean));
  return people.some((p) => typeof p === 'string' && me.has(p.trim().toLowerCase()));
}

export type DueOutcome = { id: string; title: string; successAt: string };

/** How many candidates the home page looks at (newest success time first); owners are then picked among them. */
const DUE_SCAN = 200;

/**
 * Launches whose outcome the actor owes: decided Go, success time reached (on `now`), no outcome yet. Bounded at any
 * size: one indexed query for the newest DUE_SCAN candidates (no fields), then, for those the actor did not write,
 * one query for just the people-role value of each (its key read from the cached template), never a whole document.
 */
export async function listDueOutcomes(db: Database, opts: { actor: Actor; now: Date; limit?: number }): Promise<DueOutcome[]> {
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      successAt: documents.successAt,
      authorId: documents.authorId,
      templateKey: documents.templateKey,
      templateVersion: documents.templateVersion,
    })
    .from(documents)
    .leftJoin(launchOutcomes, eq(launchOutcomes.documentId, documents.id))
    .where(
      and(
        eq(documents.kind, 'checklist'),
        documentAccess(opts.actor),
        sql`${documents.successAt} is not null`,
        lte(documents.successAt, opts.now),
        eq(documents.decision, 'go'),
        isNull(launchOutcomes.documentId),
      ),
    )
    .orderBy(desc(documents.successAt))
    .limit(DUE_SCAN);
  const others = rows.filter((r) => r.authorId !== opts.actor.id);
  // The people-role field of each template among the others (a template without one names no owner).
  const peopleKey = new Map<string, string>();
  for (const r of others) {
    const ref = `${r.templateKey}@${r.templateVersion}`;
    if (peopleKey.has(ref)) continue;
    const template = await getTemplate(db, { key: r.templateKey, version: r.templateVersion }).catch(() => null);
    const f = template ? roleField(template, 'people') : undefined;
    if (f) peopleKey.set(ref, f.key);
  }
  const named = others.filter((r) => peopleKey.has(`${r.templateKey}@${r.templateVersion}`));
  const people = new Map<string, unknown>();
  if (named.length) {
    const pick = sql.join(
      [...peopleKey].map(
        ([ref, key]) =>
          sql`when ${documents.templateKey} || '@' || ${documents.templateVersion} = ${ref} then ${documents.fields} -> ${key}`,
      ),
      sql` `,
    );
    const found = await db
      .select({ id: documents.id, people: sql<unknown>`case ${pick} end` })
      .from(documents)
      .where(
        inArray(
          documents.id,
          named.map((r) => r.id),
        ),
      );
    for (const f of found) people.set(f.id, f.people);
  }
  const out: DueOutcome[] = [];
  for (const r of rows) {
    if (r.authorId !== opts.actor.id && !namesActor(opts.actor, people.get(r.id))) continue;
    out.push({ id: r.id, title: r.title, successAt: r.successAt?.toISOString() ?? '' });
    if (out.length >= (opts.limit ?? 10)) break;
  }
  return out;
}

/** The outcome of each listed launch (for /launches), by document id. */
export async function outcomesOf(db: Database, ids: string[]): Promise<Map<string, LaunchOutcome>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: launchOutcomes.documentId, outcome: launchOutcomes.outcome })
    .from(launchOutcomes)
    .where(sql`${launchOutcomes.documentId} in ${ids}`);
  return new Map(rows.map((r) => [r.id, r.outcome]));
}
