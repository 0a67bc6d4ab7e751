import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { documentRevisions, users } from '../../db/schema';
import { templateFields, type Template } from '../../templates/schema';
import { HttpError, notFound, validationError } from '../lib/errors.server';
import { fieldText } from '../lib/fields.server';
import { diffTexts, type FieldDiff } from '../lib/diff';
import { formatUtc } from '../lib/time';
import { getDocument, updateDocument } from './document.server';
import type { ActionItemView, Actor, DocumentView, FieldValues, TimelineEntry } from './types';

export type RevisionSummary = { version: number; at: string; by: string | null; event: string; note: string | null; changed: string[] };

/** What a revision stores: the full state after that save (see snapshotOf in document.server). */
export type RevisionSnapshot = {
  title: string;
  status: string;
  severity: string | null;
  service: string | null;
  tags: string[];
  fields: FieldValues;
  actionItems: ActionItemView[];
};

export async function listRevisions(db: Database, opts: { actor: Actor; documentId: string }): Promise<RevisionSummary[]> {
  await getDocument(db, { actor: opts.actor, id: opts.documentId }); // read check
  const rows = await db
    .select({ r: documentRevisions, name: users.name, email: users.email })
    .from(documentRevisions)
    .leftJoin(users, eq(users.id, documentRevisions.authorId))
    .where(eq(documentRevisions.documentId, opts.documentId))
    .orderBy(asc(documentRevisions.version));
  return rows.map(({ r, name, email }) => ({
    version: r.version,
    at: r.createdAt.toISOString(),
    by: name || email || null,
    event: r.event,
    note: r.note,
    changed: r.changed,
  }));
}

export async function getRevision(db: Database, opts: { actor: Actor; documentId: string; version: number }) {
  await getDocument(db, { actor: opts.actor, id: opts.documentId });
  const [row] = await db
    .select()
    .from(documentRevisions)
    .where(and(eq(documentRevisions.documentId, opts.documentId), eq(documentRevisions.version, opts.version)));
  if (!row) throw notFound(`No version ${opts.version} of this document.`);
  return { ...row, snapshot: row.snapshot as RevisionSnapshot };
}

const META_LABELS: Record<string, string> = { title: 'Title', status: 'Status', severity: 'Severity', service: 'Service', tags: 'Tags', actionItems: 'Action items' };

/** Labels for the keys a revision lists as `changed` ('title', 'fields.startedAt', 'actionItems'). */
export function changeLabels(template: Template): Record<string, string> {
  const out = { ...META_LABELS };
  for (const f of templateFields(template)) out[`fields.${f.key}`] = f.label;
  return out;
}

const STATUS_TEXT: Record<string, string> = { draft: 'Draft', in_review: 'In review', published: 'Published', archived: 'Archived' };

/** A snapshot as labelled plain texts, one per field, in template order (what the diff compares). */
export function revisionTexts(template: Template, snap: RevisionSnapshot): { key: string; label: string; text: string }[] {
  const out = [
    { key: 'title', label: 'Title', text: snap.title ?? '' },
    { key: 'status', label: 'Status', text: STATUS_TEXT[snap.status] ?? snap.status ?? '' },
    { key: 'severity', label: 'Severity', text: snap.severity ?? '' },
    { key: 'service', label: 'Service', text: snap.service ?? '' },
    { key: 'tags', label: 'Tags', text: (snap.tags ?? []).join(', ') },
  ];
  for (const f of templateFields(template)) {
    if (f.type === 'computed') continue;
    let text: string;
    if (f.type === 'actions')
      text = (snap.actionItems ?? [])
        .filter((a) => a.fieldKey === f.key)
        .map((a) => [a.title, a.kind, a.owner ? `owner ${a.owner}` : '', a.dueDate ? `due ${a.dueDate}` : '', a.status.replace('_', ' '), a.url ?? ''].filter(Boolean).join(' · '))
        .join('\n');
    else if (f.type === 'timeline')
      text = ((snap.fields?.[f.key] ?? []) as TimelineEntry[]).map((e) => `${formatUtc(e.at)} ${e.marker ? `[${e.marker}] ` : ''}${e.text}`).join('\n');
    else text = fieldText(f, snap.fields?.[f.key]);
    out.push({ key: f.key, label: f.label, text });
  }
  return out;
}

export const RevisionRangeSchema = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });

export type RevisionDiff = { from: number; to: number; fields: FieldDiff[] };

/** Field-by-field diff from revision `from` to revision `to` (either order; rich text as plain text). */
export async function diffRevisions(db: Database, opts: { actor: Actor; documentId: string; range: unknown }): Promise<RevisionDiff> {
  const r = RevisionRangeSchema.safeParse(opts.range);
  if (!r.success) throw validationError(r.error, ['query']);
  const doc = await getDocument(db, { actor: opts.actor, id: opts.documentId });
  const [a, b] = await Promise.all([
    getRevision(db, { actor: opts.actor, documentId: doc.id, version: r.data.from }),
    getRevision(db, { actor: opts.actor, documentId: doc.id, version: r.data.to }),
  ]);
  return { from: r.data.from, to: r.data.to, fields: diffTexts(revisionTexts(doc.template, a.snapshot), revisionTexts(doc.template, b.snapshot)) };
}

export const RestoreSchema = z.object({ revision: z.coerce.number().int().positive(), version: z.coerce.number().int().positive() });

/**
 * Restore an older revision's content as a NEW revision (event 'restore'): nothing is overwritten,
 * and `version` (the document's current version) guards against restoring over someone's save.
 * Action items come back as they were listed then, but an item that still exists keeps its
 * current status: progress tracked on /actions is work done, not document content.
 */
export async function restoreRevision(db: Database, opts: { actor: Actor; documentId: string; input: unknown }): Promise<DocumentView> {
  const r = RestoreSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const doc = await getDocument(db, { actor: opts.actor, id: opts.documentId });
  if (doc.status === 'published' || doc.status === 'archived')
    throw new HttpError(409, 'read_only', `This document is ${doc.status} and read-only. Reopen it as a draft first, then restore version ${r.data.revision}.`);
  const rev = await getRevision(db, { actor: opts.actor, documentId: doc.id, version: r.data.revision });
  const snap = rev.snapshot;
  const current = new Map(doc.actionItems.map((a) => [a.id, a]));
  const fields: Record<string, unknown> = {};
  for (const f of templateFields(doc.template)) {
    if (f.type === 'computed') continue;
    if (f.type === 'actions')
      fields[f.key] = (snap.actionItems ?? [])
        .filter((a) => a.fieldKey === f.key)
        .map((a) => ({
          ...(current.has(a.id) ? { id: a.id } : {}),
          title: a.title,
          kind: a.kind,
          owner: a.owner ?? '',
          dueDate: a.dueDate ?? '',
          url: a.url ?? '',
          status: current.get(a.id)?.status ?? a.status,
        }));
    else fields[f.key] = snap.fields?.[f.key] ?? null;
  }
  return updateDocument(db, {
    actor: opts.actor,
    id: doc.id,
    input: { version: r.data.version, title: snap.title, severity: snap.severity ?? '', service: snap.service ?? '', tags: snap.tags ?? [], fields },
    event: 'restore',
    note: `Restored the content of version ${r.data.revision}.`,
  });
}
