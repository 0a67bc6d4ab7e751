/**
 * Links between documents (issue 12 item 4): an incident caused by a launch, related incidents, a follow-up. A link
 * is stored once, from one document to another, and shown on both: each side reads it in its own words ("Caused by
 * launch" on the incident, "Incidents it caused" on the launch). Only documents the reader may read are shown: a
 * link to a draft is invisible to a viewer, and deleting a document deletes its links.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { roleInstant } from '../../templates/roles';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { LINK_KINDS, type LinkKind, documentLinks } from '../../db/schema';
import { answerLabel } from '~/fields/checklist/text';
import { fieldsOfKind, valueOf } from '~/fields/text';
import { HttpError, conflict, forbidden, notFound, validationError } from '~/lib/errors.server';
import { canEdit } from '~/models/access.server';
import { recordAudit } from '~/models/audit.server';
import { getDocument } from '~/models/document.server';
import type { Actor } from '~/models/types';

export { LINK_KINDS, type LinkKind };

/** How each side reads a link: from the document that holds it, and from the one it points to. */
export const LINK_LABELS: Record<LinkKind, { out: string; in: string }> = {
  caused_by_launch: { out: 'Caused by launch', in: 'Incident it caused' },
  related_incident: { out: 'Related incident', in: 'Related incident' },
  follow_up_of: { out: 'Follow-up of', in: 'Followed up by' },
};

export type DocumentLinkView = {
  id: string;
  kind: LinkKind;
  /** `out`: this document holds the link; `in`: another document links here. */
  direction: 'out' | 'in';
  label: string;
  document: {
    id: string;
    title: string;
    kind: string;
    status: string;
    severity: string | null;
    decision: string | null;
    at: string | null;
  };
};

const Uuid = z.string().uuid();

export const AddLinkSchema = z
  .object({
    kind: z.enum(LINK_KINDS, { message: `choose one of: ${LINK_KINDS.join(', ')}` }),
    /** The other document: its id, or a link to its page. */
    to: z
      .string({ message: 'paste a link to the other document, or its id' })
      .trim()
      .min(1, 'paste a link to the other document, or its id')
      .max(2000)
      .transform((s) => /\/docs\/([A-Za-z0-9_-]+)/.exec(s)?.[1] ?? s)
      .pipe(z.string().uuid('that is not a link to a Kaizen document: paste its address (…/docs/…) or its id')),
  })
  .strict();

/** Every link of a document the actor may read, both directions, to documents the actor may also read. */
export async function listLinks(db: Database, opts: { actor: Actor; id: string }): Promise<DocumentLinkView[]> {
  if (!Uuid.safeParse(opts.id).success) return [];
  const readable = canEdit(opts.actor) ? sql`true` : sql`o.status = 'published'`;
  const self = canEdit(opts.actor) ? sql`true` : sql`s.status = 'published'`;
  const result = await db.execute(sql`
    select l.id, l.kind, case when l.from_id = ${opts.id} then 'out' else 'in' end as direction,
           o.id as doc_id, o.title, o.kind as doc_kind, o.status, o.severity, o.decision,
           coalesce(o.started_at, o.launch_at) as at
      from document_links l
      join documents o on o.id = case when l.from_id = ${opts.id} then l.to_id else l.from_id end
      join documents s on s.id = ${opts.id}
     where (l.from_id = ${opts.id} or l.to_id = ${opts.id}) and ${readable} and ${self}
     order by l.kind, coalesce(o.started_at, o.launch_at) desc nulls last, o.title, l.id`);
  const rows = ((result as { rows?: Record<string, unknown>[] }).rows ?? (result as unknown as Record<string, unknown>[])) as Record<
    string,
    unknown
  >[];
  return rows.map((r) => {
    const kind = r.kind as LinkKind;
    const direction = r.direction === 'out' ? 'out' : 'in';
    return {
      id: String(r.id),
      kind,
      direction,
      label: LINK_LABELS[kind][direction],
      document: {
        id: String(r.doc_id),
        title: String(r.title),
        kind: String(r.doc_kind),
        status: String(r.status),
        severity: (r.severity as string | null) ?? null,
        decision: (r.decision as string | null) ?? null,
        at: r.at ? new Date(r.at as string).toISOString() : null,
      },
    };
  });
}

/**
 * Link a document to another. Rules: "caused by launch" goes from an incident review to a launch review, "related
 * incident" joins two incident reviews (once, whichever side it was made from), "follow-up of" joins any two.
 */
export async function addLink(db: Database, opts: { actor: Actor; id: string; input: unknown }): Promise<DocumentLinkView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors link documents.');
  const r = AddLinkSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { kind, to } = r.data;
  const from = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (to === from.id)
    throw new HttpError(400, 'invalid', 'A document cannot link to itself.', [{ path: ['to'], message: 'link another document' }]);
  const target = await getDocument(db, { actor: opts.actor, id: to }).catch((e) => {
    if (e instanceof HttpError && e.status === 404)
      throw new HttpError(400, 'invalid', 'There is no such document, or you may not read it.', [
        { path: ['to'], message: 'no document you can read has that id' },
      ]);
    throw e;
  });
  const rule =
    kind === 'caused_by_launch'
      ? from.kind === 'rca' && target.kind === 'checklist'
        ? null
        : '"Caused by launch" links an incident review to the launch review that caused it.'
      : kind === 'related_incident'
        ? from.kind === 'rca' && target.kind === 'rca'
          ? null
          : '"Related incident" links two incident reviews.'
        : null;
  if (rule) throw new HttpError(400, 'invalid', rule, [{ path: ['kind'], message: rule }]);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    // A related-incident link is one fact, whichever side holds it.
    const reverse =
      kind === 'related_incident'
        ? await tx
            .select({ id: documentLinks.id })
            .from(documentLinks)
            .where(and(eq(documentLinks.fromId, to), eq(documentLinks.toId, from.id), eq(documentLinks.kind, kind)))
        : [];
    const [row] = reverse.length
      ? []
      : await tx
          .insert(documentLinks)
          .values({ id, fromId: from.id, toId: to, kind, createdBy: opts.actor.via === 'system' ? null : opts.actor.id })
          .onConflictDoNothing()
          .returning({ id: documentLinks.id });
    if (!row)
      throw conflict(`These documents are already linked as "${LINK_LABELS[kind].out.toLowerCase()}".`, undefined, {
        issues: [{ path: ['to'], message: 'already linked' }],
      });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'document.linked',
      targetType: 'document',
      targetId: from.id,
      details: { kind, to },
    });
  });
  return {
    id,
    kind,
    direction: 'out',
    label: LINK_LABELS[kind].out,
    document: {
      id: target.id,
      title: target.title,
      kind: target.kind,
      status: target.status,
      severity: target.severity,
      decision: target.decision?.state ?? null,
      at: null,
    },
  };
}

/** Remove a link from either of its documents. */
export async function removeLink(db: Database, opts: { actor: Actor; id: string; linkId: string }): Promise<void> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors unlink documents.');
  if (!Uuid.safeParse(opts.id).success || !Uuid.safeParse(opts.linkId).success) throw notFound('No such link.');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(documentLinks)
      .where(and(eq(documentLinks.id, opts.linkId), sql`(${documentLinks.fromId} = ${opts.id} or ${documentLinks.toId} = ${opts.id})`))
      .returning();
    if (!row) throw notFound('No such link: it may have been removed already.');
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'document.unlinked',
      targetType: 'document',
      targetId: opts.id,
      details: { kind: row.kind, from: row.fromId, to: row.toId },
    });
  });
}

/** The links a PDF prints: to published documents only (a stored PDF is served to every reader). */
export async function publishedLinks(db: Database, id: string): Promise<{ label: string; title: string; status: string }[]> {
  const result = await db.execute(sql`
    select l.kind, case when l.from_id = ${id} then 'out' else 'in' end as direction, o.title, o.status
      from document_links l
      join documents o on o.id = case when l.from_id = ${id} then l.to_id else l.from_id end
     where (l.from_id = ${id} or l.to_id = ${id}) and o.status = 'published'
     order by l.kind, coalesce(o.started_at, o.launch_at) desc nulls last, o.title, l.id`);
  const rows = ((result as { rows?: Record<string, unknown>[] }).rows ?? (result as unknown as Record<string, unknown>[])) as Record<
    string,
    unknown
  >[];
  return rows.map((r) => ({
    label: LINK_LABELS[r.kind as LinkKind][r.direction === 'out' ? 'out' : 'in'],
    title: String(r.title),
    status: String(r.status),
  }));
}

export type LaunchPromise = {
  id: string;
  title: string;
  status: string;
  decision: string | null;
  launchAt: string | null;
  /** Every checklist question with the answer given: what the launch team promised. */
  answers: { question: string; gate: boolean; answer: string; note: string }[];
};

/** For an incident review: each launch review it was caused by, with its decision and every answer it gave. */
export async function launchPromises(db: Database, opts: { actor: Actor; links: DocumentLinkView[] }): Promise<LaunchPromise[]> {
  const launches = opts.links.filter((l) => l.kind === 'caused_by_launch' && l.direction === 'out').slice(0, 5);
  const out: LaunchPromise[] = [];
  for (const l of launches) {
    const doc = await getDocument(db, { actor: opts.actor, id: l.document.id });
    const answers = fieldsOfKind(doc.template, 'checklist').flatMap((f) => {
      const given = valueOf(f, doc) ?? {};
      return f.items.map((item) => ({
        question: item.label,
        gate: item.gate,
        answer: given[item.key]?.answer ? answerLabel(given[item.key].answer) : 'not answered',
        note: given[item.key]?.note ?? '',
      }));
    });
    out.push({
      id: doc.id,
      title: doc.title,
      status: doc.status,
      decision: doc.decision?.state ?? null,
      launchAt: roleInstant(doc.template, doc.fields, 'launch'),
      answers,
    });
  }
  return out;
}
