/**
 * Launch meetings (issue 11 item 5): the people deciding on a launch review in review walk its questions one at a
 * time, mark each discussed, sign off, and end the meeting, which records the launch decision as it then stood with
 * the meeting's time and attendees. Editors run a meeting; anyone who may read the review may watch it.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { actionItems, documents, launchMeetings, users } from '../../db/schema';
import type { Template } from '../../templates/schema';
import { answeredByText, answerPasses, evidenceAge, utcToday } from '~/fields/checklist/text';
import { fieldsOfKind } from '~/fields/text';
import { HttpError, conflict, forbidden, notFound, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { canEdit } from '~/models/access.server';
import { recordAudit } from '~/models/audit.server';
import { getDocument } from '~/models/document.server';
import { type LaunchDecisionReport, getLaunchDecision, launchQuestions } from '~/models/launch-decision.server';
import type { LaunchDecisionState } from '~/lib/launch-decision';
import type { Actor, MeetingQuestion } from '~/models/types';
import type { PdfMeeting } from '~/pdf/content';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export type MeetingView = {
  id: string;
  documentId: string;
  startedBy: string;
  startedAt: string;
  /** Null while the meeting is open. */
  endedAt: string | null;
  endedBy: string | null;
  /** Users who attended (id) and guests without an account (id null). */
  attendees: { id: string | null; name: string }[];
  /** Questions marked discussed, by `field.item`, in the order they were marked. */
  discussed: { question: string; by: string; at: string }[];
  /** The launch decision when the meeting ended (null while open). */
  decision: LaunchDecisionState | null;
  reasons: string[];
  contentVersion: number | null;
};

const MAX_GUESTS = 30;

/** The start form / body: user ids of the attendees, and guests as free text (one per line or comma). */
export const MeetingStartSchema = z
  .object({
    attendees: z.array(z.string().max(100), { message: 'list the attendees as user ids' }).max(200).default([]),
    guests: z
      .union([z.array(safeText().max(100, 'a guest name is at most 100 characters')), safeText().max(3000)])
      .default([])
      .transform((g) => (typeof g === 'string' ? g.split(/[\n,]/) : g).map((x) => x.trim()).filter(Boolean))
      .pipe(z.array(z.string().max(100, 'a guest name is at most 100 characters')).max(MAX_GUESTS, `at most ${MAX_GUESTS} guests`)),
  })
  .strict();

export const MeetingDiscussedSchema = z
  .object({
    question: z.string({ message: 'say which question' }).regex(/^[^.\s]{1,60}\.[^.\s]{1,60}$/, 'say which question (field.item)'),
  })
  .strict();

function toView(m: typeof launchMeetings.$inferSelect): MeetingView {
  return {
    id: m.id,
    documentId: m.documentId,
    startedBy: m.startedByLabel,
    startedAt: m.startedAt.toISOString(),
    endedAt: m.endedAt?.toISOString() ?? null,
    endedBy: m.endedByLabel,
    attendees: [...m.attendees, ...m.guests.map((name) => ({ id: null, name }))],
    discussed: Object.entries(m.discussed)
      .map(([question, d]) => ({ question, by: d.by, at: d.at }))
      .sort((a, b) => a.at.localeCompare(b.at)),
    decision: m.decision,
    reasons: m.decisionReasons ?? [],
    contentVersion: m.contentVersion,
  };
}

/** Every meeting of a review the actor may read, newest first. */
export async function listMeetings(db: Database, opts: { actor: Actor; id: string }): Promise<MeetingView[]> {
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  const rows = await db
    .select()
    .from(launchMeetings)
    .where(eq(launchMeetings.documentId, doc.id))
    .orderBy(desc(launchMeetings.startedAt), asc(launchMeetings.id));
  return rows.map(toView);
}

const me = (actor: Actor) => actor.name || actor.email;

async function mayRun(db: Database, actor: Actor, id: string) {
  if (!canEdit(actor)) throw forbidden('Only editors run launch meetings; viewers may watch.');
  const doc = await getDocument(db, { actor, id });
  if (doc.kind !== 'checklist') throw conflict('Only launch reviews (checklists) have launch meetings.');
  return doc;
}

/** Start a meeting of a review in review; the person starting it attends. 409 when one is already open. */
export async function startMeeting(db: Database, opts: { actor: Actor; id: string; input: unknown }): Promise<MeetingView> {
  const doc = await mayRun(db, opts.actor, opts.id);
  const r = MeetingStartSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  if (doc.status !== 'in_review')
    throw conflict(`This review is ${doc.status.replace('_', ' ')}: a launch meeting is held while it is in review.`);
  const ids = [...new Set([...(opts.actor.via === 'system' ? [] : [opts.actor.id]), ...r.data.attendees])];
  const found = ids.length
    ? await db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(and(inArray(users.id, ids), isNull(users.disabledAt)))
    : [];
  const unknown = ids.filter((i) => !found.some((u) => u.id === i));
  if (unknown.length)
    throw new HttpError(400, 'invalid', 'An attendee is not a user of Kaizen: name them as a guest instead.', [
      { path: ['attendees'], message: 'choose attendees among the users; name others as guests' },
    ]);
  const attendees = ids.map((i) => found.find((u) => u.id === i)!).map((u) => ({ id: u.id, name: u.name || u.email }));
  return db.transaction(async (tx) => {
    await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, doc.id)).for('update');
    const [open] = await tx
      .select({ id: launchMeetings.id })
      .from(launchMeetings)
      .where(and(eq(launchMeetings.documentId, doc.id), isNull(launchMeetings.endedAt)));
    if (open) throw conflict('A launch meeting of this review is already under way: join it, or end it first.', { meeting: open.id });
    const [row] = await tx
      .insert(launchMeetings)
      .values({
        id: randomUUID(),
        documentId: doc.id,
        startedBy: opts.actor.via === 'system' ? null : opts.actor.id,
        startedByLabel: me(opts.actor),
        attendees,
        guests: r.data.guests,
      })
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'meeting.started',
      targetType: 'document',
      targetId: doc.id,
      details: { meeting: row.id, attendees: attendees.map((a) => a.name), guests: r.data.guests },
    });
    return toView(row);
  });
}

/** The open meeting row, locked, or the reason there is none to act on. */
async function lockOpen(tx: Tx, documentId: string, meetingId: string) {
  if (!z.string().uuid().safeParse(meetingId).success) throw notFound('No such meeting.');
  const [m] = await tx
    .select()
    .from(launchMeetings)
    .where(and(eq(launchMeetings.id, meetingId), eq(launchMeetings.documentId, documentId)))
    .for('update');
  if (!m) throw notFound('No such meeting of this review.');
  if (m.endedAt) throw conflict(`This meeting ended at ${m.endedAt.toISOString()}: start a new one to go on.`);
  return m;
}

/** Mark one question discussed at an open meeting (marking it again keeps the first mark). */
export async function markDiscussed(
  db: Database,
  opts: { actor: Actor; id: string; meetingId: string; input: unknown },
): Promise<MeetingView> {
  const doc = await mayRun(db, opts.actor, opts.id);
  const r = MeetingDiscussedSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const known = launchQuestions(doc.template, doc.fields).some((q) => `${q.field}.${q.key}` === r.data.question);
  if (!known)
    throw new HttpError(400, 'invalid', 'There is no such question in this checklist.', [
      { path: ['question'], message: 'there is no such question in this checklist' },
    ]);
  return db.transaction(async (tx) => {
    const m = await lockOpen(tx, doc.id, opts.meetingId);
    if (m.discussed[r.data.question]) return toView(m);
    const discussed = { ...m.discussed, [r.data.question]: { by: me(opts.actor), at: new Date().toISOString() } };
    const [row] = await tx.update(launchMeetings).set({ discussed }).where(eq(launchMeetings.id, m.id)).returning();
    return toView(row);
  });
}

/** End an open meeting: the launch decision as it stands now is recorded with the meeting's time and attendees. */
export async function endMeeting(db: Database, opts: { actor: Actor; id: string; meetingId: string }): Promise<MeetingView> {
  const doc = await mayRun(db, opts.actor, opts.id);
  return db.transaction(async (tx) => {
    await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, doc.id)).for('update');
    const m = await lockOpen(tx, doc.id, opts.meetingId);
    const decision = await getLaunchDecision(tx, doc.id);
    const [row] = await tx
      .update(launchMeetings)
      .set({
        endedAt: new Date(),
        endedByLabel: me(opts.actor),
        decision: decision.state,
        decisionReasons: decision.reasons,
        contentVersion: decision.contentVersion,
      })
      .where(eq(launchMeetings.id, m.id))
      .returning();
    const view = toView(row);
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'meeting.ended',
      targetType: 'document',
      targetId: doc.id,
      details: {
        meeting: m.id,
        decision: decision.state,
        attendees: view.attendees.map((a) => a.name),
        discussed: view.discussed.length,
        startedAt: view.startedAt,
      },
    });
    return view;
  });
}

/** The review's checklist questions in template order, with what the meeting shows of each (from the current decision). */
export async function meetingQuestions(
  db: Database,
  doc: { id: string; template: Template },
  report: LaunchDecisionReport,
  now: Date = new Date(),
): Promise<MeetingQuestion[]> {
  const blockers = await db
    .select({ sourceKey: actionItems.sourceKey, title: actionItems.title, status: actionItems.status, owner: actionItems.owner })
    .from(actionItems)
    .where(and(eq(actionItems.documentId, doc.id), isNotNull(actionItems.sourceKey)));
  const fields = new Map(fieldsOfKind(doc.template, 'checklist').map((f) => [f.key, f]));
  const today = utcToday(now);
  return report.questions.map((q) => {
    const key = `${q.field}.${q.key}`;
    const field = fields.get(q.field);
    const b = blockers.find((x) => x.sourceKey === key);
    return {
      key,
      label: q.label,
      gate: q.gate,
      required: q.required,
      answer: q.answer,
      passes: answerPasses(q, q.answer),
      note: q.note,
      evidence: q.evidence.map((e) => ({ ...e, ...(field ? evidenceAge(field, e, today) : { days: 0, stale: false }) })),
      evidenceRequired: !!q.evidenceRequired,
      answeredBy: answeredByText({ answeredBy: q.answeredBy ?? undefined, answeredAt: q.answeredAt ?? undefined }),
      blocker: b ? { title: b.title, status: b.status, owner: b.owner } : null,
      waiver: q.waiver ?? null,
    };
  });
}

/** The ended meetings of a review, oldest first, as the PDF launch certificate prints them (no access check: the caller has read the document). */
export async function pdfMeetings(db: Database, documentId: string): Promise<PdfMeeting[]> {
  const rows = await db
    .select()
    .from(launchMeetings)
    .where(and(eq(launchMeetings.documentId, documentId), isNotNull(launchMeetings.endedAt)))
    .orderBy(asc(launchMeetings.startedAt), asc(launchMeetings.id));
  return rows.map(toView).map((m) => ({
    startedAt: m.startedAt,
    endedAt: m.endedAt ?? m.startedAt,
    attendees: m.attendees.map((a) => a.name),
    decision: m.decision ?? 'pending',
    discussed: m.discussed.length,
  }));
}
