import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { documentRevisions, documents, users } from '../../db/schema';
import { templateFields, type Template } from '../../templates/schema';
import { HttpError, notFound, validationError } from '~/lib/errors.server';
import { fieldDiffText } from '~/fields/text';
import { diffTexts, type FieldDiff } from '~/lib/diff';
import { getDocument, updateDocument } from '~/models/document.server';
import type { ActionItemView, Actor, DocumentView, FieldValues } from '~/models/types';
import { valueLayerOf } from '~/fields/values.server';
import { documentAccess } from '~/models/access.server';
import { getTemplate } from '~/models/template.server';

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

/**
 * Revisions of a document the actor may read (the access rule is in the where), oldest first; with
 * `versions`, only those. Empty when the document is unknown or not readable (every document has version 1).
 */
async function findRevisions(db: Database, opts: { actor: Actor; documentId: string; versions?: number[] }) {
  if (!z.string().uuid().safeParse(opts.documentId).success) return [];
  return db
    .select({
      r: documentRevisions,
      name: users.name,
      email: users.email,
      templateKey: documents.templateKey,
      templateVersion: documents.templateVersion,
    })
    .from(documentRevisions)
    .innerJoin(documents, and(eq(documents.id, documentRevisions.documentId), documentAccess(opts.actor)))
    .leftJoin(users, eq(users.id, documentRevisions.authorId))
    .where(
      and(eq(documentRevisions.documentId, opts.documentId), opts.versions ? inArray(documentRevisions.version, opts.versions) : undefined),
    )
    .orderBy(asc(documentRevisions.version));
}

export async function listRevisions(db: Database, opts: { actor: Actor; documentId: string }): Promise<RevisionSummary[]> {
  const rows = await findRevisions(db, opts);
  if (!rows.length) throw notFound('No such document, or you may not read it.');
  return rows.map(({ r, name, email }) => ({
    version: r.version,
    at: r.createdAt.toISOString(),
    by: name || email || null,
    event: r.event,
    note: r.note,
    changed: r.changed,
  }));
}

/** Some versions of a document, each a 404 when missing (the document unknown or not readable: the same 404). */
async function getRevisions(db: Database, opts: { actor: Actor; documentId: string; versions: number[] }) {
  const rows = await findRevisions(db, opts);
  const found = new Map(rows.map((x) => [x.r.version, x]));
  if (!rows.length && !(await findRevisions(db, { ...opts, versions: [1] })).length)
    throw notFound('No such document, or you may not read it.');
  return opts.versions.map((v) => {
    const x = found.get(v);
    if (!x) throw notFound(`No version ${v} of this document.`);
    return { ...x.r, snapshot: x.r.snapshot as RevisionSnapshot, templateKey: x.templateKey, templateVersion: x.templateVersion };
  });
}

export async function getRevision(db: Database, opts: { actor: Actor; documentId: string; version: number }) {
  const [rev] = await getRevisions(db, { actor: opts.actor, documentId: opts.documentId, versions: [opts.version] });
  const { templateKey: _k, templateVersion: _v, ...row } = rev;
  return row;
}

const META_LABELS: Record<string, string> = {
  title: 'Title',
  status: 'Status',
  severity: 'Severity',
  service: 'Service',
  tags: 'Tags',
  actionItems: 'Action items',
};

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
    const text = fieldDiffText(f, { fields: snap.fields ?? {}, actionItems: snap.actionItems ?? [] });
    if (text !== null) out.push({ key: f.key, label: f.label, text });
  }
  return out;
}

export const RevisionRangeSchema = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });

export type RevisionDiff = { from: number; to: number; fields: FieldDiff[] };

/** Field-by-field diff from revision `from` to revision `to` (either order; rich text as plain text). */
export async function diffRevisions(db: Database, opts: { actor: Actor; documentId: string; range: unknown }): Promise<RevisionDiff> {
  const r = RevisionRangeSchema.safeParse(opts.range);
  if (!r.success) throw validationError(r.error, ['query']);
  // Both versions and the document's access check in one statement; the template is the document's.
  const [a, b] = await getRevisions(db, { actor: opts.actor, documentId: opts.documentId, versions: [r.data.from, r.data.to] });
  const template = await getTemplate(db, { key: a.templateKey, version: a.templateVersion });
  return { from: r.data.from, to: r.data.to, fields: diffTexts(revisionTexts(template, a.snapshot), revisionTexts(template, b.snapshot)) };
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
    throw new HttpError(
      409,
      'read_only',
      `This document is ${doc.status} and read-only. Reopen it as a draft first, then restore version ${r.data.revision}.`,
    );
  const rev = await getRevision(db, { actor: opts.actor, documentId: doc.id, version: r.data.revision });
  const snap = rev.snapshot;
  const current = new Map(doc.actionItems.map((a) => [a.id, a]));
  const fields: Record<string, unknown> = {};
  for (const f of templateFields(doc.template)) {
    const input = valueLayerOf(f).input;
    if (input === 'computed') continue;
    if (input === 'rows')
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
    input: {
      version: r.data.version,
      title: snap.title,
      severity: snap.severity ?? '',
      service: snap.service ?? '',
      tags: snap.tags ?? [],
      fields,
    },
    event: 'restore',
    note: `Restored the content of version ${r.data.revision}.`,
  });
}
