import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeJson, safeText } from '../lib/safe-text';
import type { Database } from '../../db/client';
import { DOCUMENT_STATUSES, SEVERITIES, documentRevisions, documents, signoffs, users } from '../../db/schema';
import { templateFields, type Template } from '../../templates/schema';
import { HttpError, conflict, forbidden, notFound, validationError, type IssueItem } from '../lib/errors.server';
import { computeFacts, instantColumns, parseFieldValues, searchTextOf, strictIssues } from '../lib/fields.server';
import { ActionItemInputSchema, listDocumentActionItems, syncActionItems, type ActionItemInput } from './action-item.server';
import { getTemplate } from './template.server';
import { recordAudit } from './audit.server';
import { documentPublished } from './events.server';
import type { Actor, DocumentStatus, DocumentView, FieldValues } from './types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** For pages: importing db/schema in a route would ship drizzle to the browser. */

export const TagsSchema = z
  .union([z.string().transform((s) => s.split(',')), z.array(z.string())]) // text checked by the pipe below
  .transform((a) => [...new Set(a.map((t) => t.trim()).filter(Boolean))])
  .pipe(z.array(safeText().max(50, 'keep each tag under 50 characters')).max(30, 'use at most 30 tags'));

const nullableText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), safeText().trim().max(max).nullable());

export const DocumentMetaSchema = z.object({
  title: safeText().trim().max(300, 'keep the title under 300 characters'),
  severity: z.preprocess((v) => (v === '' ? null : v), z.enum(SEVERITIES).nullable()),
  service: nullableText(200),
  tags: TagsSchema,
});

export const CreateDocumentSchema = DocumentMetaSchema.partial()
  .extend({
    template: safeJson().pipe(z.union([z.string().min(1).max(100), z.object({ key: z.string().min(1).max(100), version: z.number().int().positive() }).strict()])),
    title: safeText().trim().min(1, 'give the document a title').max(300),
    fields: z.record(safeText(), safeJson()).optional(),
  })
  .strict();

export const UpdateDocumentSchema = DocumentMetaSchema.partial()
  .extend({ version: z.number().int().positive(), fields: z.record(safeText(), safeJson()).optional() })
  .strict();

export const TransitionSchema = z.object({ to: z.enum(DOCUMENT_STATUSES), version: z.number().int().positive() }).strict();

const READ_ONLY: DocumentStatus[] = ['published', 'archived'];
const TRANSITIONS: Record<DocumentStatus, DocumentStatus[]> = {
  draft: ['in_review', 'archived'],
  in_review: ['draft', 'published'],
  published: ['draft', 'archived'],
  archived: ['draft'],
};

export const canEdit = (actor: Actor) => actor.role === 'editor' || actor.role === 'admin';
const canRead = (actor: Actor, status: DocumentStatus) => canEdit(actor) || status === 'published';

/** Split `fields` into plain values and actions-field rows. */
function splitActions(template: Template, raw: Record<string, unknown> | undefined) {
  const actionFields = templateFields(template).filter((f) => f.type === 'actions');
  const actionRows: Record<string, ActionItemInput[]> = {};
  const issues: IssueItem[] = [];
  for (const f of actionFields) {
    if (!raw || !(f.key in raw)) continue;
    const v = raw[f.key] ?? [];
    const r = z.array(ActionItemInputSchema).max(200).safeParse(v);
    if (!r.success) issues.push(...r.error.issues.map((i) => ({ path: ['fields', f.key, ...i.path.map(String)], message: i.message })));
    else {
      for (const [i, row] of r.data.entries())
        if (row.kind && f.type === 'actions' && !f.kinds.includes(row.kind))
          issues.push({ path: ['fields', f.key, i, 'kind'], message: `choose one of: ${f.kinds.join(', ')}` });
      actionRows[f.key] = r.data;
    }
  }
  return { actionRows, issues };
}

function snapshotOf(row: typeof documents.$inferSelect, actionItems: unknown[]) {
  return { title: row.title, status: row.status, severity: row.severity, service: row.service, tags: row.tags, fields: row.fields, actionItems };
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ['title', 'status', 'severity', 'service', 'tags'])
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out.push(k);
  const bf = (before.fields ?? {}) as Record<string, unknown>;
  const af = (after.fields ?? {}) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(bf), ...Object.keys(af)])) if (JSON.stringify(bf[k]) !== JSON.stringify(af[k])) out.push(`fields.${k}`);
  const ba = JSON.stringify(before.actionItems ?? []);
  if (ba !== JSON.stringify(after.actionItems ?? [])) out.push('actionItems');
  return out;
}

/** Everything derived from fields (computed facts, instants, search text) in one place. */
async function derived(tx: Tx, template: Template, id: string, fields: FieldValues, tags: string[]) {
  const items = await listDocumentActionItems(tx, id);
  const computed = computeFacts(template, fields);
  return {
    items,
    set: {
      computed,
      impactMinutes: computed.impactMinutes ?? null,
      ...instantColumns(fields),
      searchText: searchTextOf(template, { fields, tags, actionTitles: items.map((i) => `${i.title} ${i.owner ?? ''}`) }),
    },
  };
}

export async function createDocument(db: Database, opts: { actor: Actor; input: unknown }): Promise<DocumentView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors can create documents.');
  const r = CreateDocumentSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const input = r.data;
  const ref = typeof input.template === 'string' ? { key: input.template } : input.template;
  const template = await getTemplate(db, ref).catch((e) => {
    throw e instanceof HttpError ? new HttpError(400, 'invalid', e.message, [{ path: ['template'], message: e.message }]) : e;
  });
  const parsed = parseFieldValues(template, input.fields);
  const { actionRows, issues: actionIssues } = splitActions(template, input.fields);
  const issues = [...(parsed.ok ? [] : parsed.issues), ...actionIssues];
  if (!parsed.ok || issues.length) throw new HttpError(400, 'invalid', `Some values are not valid (${issues[0].path.join('.')}): ${issues[0].message}`, issues);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const tags = input.tags ?? [];
    await tx.insert(documents).values({
      id,
      templateKey: template.key,
      templateVersion: template.version,
      kind: template.kind,
      title: input.title,
      severity: input.severity ?? null,
      service: input.service ?? null,
      tags,
      fields: parsed.values,
      authorId: opts.actor.id,
    });
    for (const [fieldKey, rows] of Object.entries(actionRows)) await syncActionItems(tx, { documentId: id, fieldKey, rows, defaultKind: defaultKindOf(template, fieldKey) });
    const d = await derived(tx, template, id, parsed.values, tags);
    const [row] = await tx.update(documents).set(d.set).where(eq(documents.id, id)).returning();
    await tx.insert(documentRevisions).values({ documentId: id, version: 1, event: 'create', snapshot: snapshotOf(row, d.items), changed: [], authorId: opts.actor.id });
    await recordAudit(tx, { actor: opts.actor, action: 'document.created', targetType: 'document', targetId: id, details: { title: input.title, template: `${template.key}@${template.version}` } });
  });
  return getDocument(db, { actor: opts.actor, id });
}

function defaultKindOf(template: Template, fieldKey: string): string {
  const f = templateFields(template).find((x) => x.key === fieldKey);
  return f?.type === 'actions' ? f.kinds[0] : 'prevent';
}

export async function getDocument(db: Database | Tx, opts: { actor: Actor; id: string }): Promise<DocumentView> {
  if (!z.string().uuid().safeParse(opts.id).success) throw notFound('No such document.');
  const [found] = await db
    .select({ doc: documents, authorName: users.name, authorEmail: users.email })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.authorId))
    .where(eq(documents.id, opts.id));
  if (!found || !canRead(opts.actor, found.doc.status)) throw notFound('No such document, or you may not read it.');
  const row = found.doc;
  const template = await getTemplate(db as Database, { key: row.templateKey, version: row.templateVersion });
  const items = await listDocumentActionItems(db, row.id);
  const signs = await db.select().from(signoffs).where(eq(signoffs.documentId, row.id)).orderBy(signoffs.createdAt);
  return {
    id: row.id,
    version: row.version,
    kind: row.kind,
    status: row.status,
    template,
    title: row.title,
    severity: row.severity,
    service: row.service,
    tags: row.tags,
    fields: row.fields,
    computed: row.computed,
    actionItems: items,
    signoffs: signs.map((s) => ({
      id: s.id,
      signerLabel: s.signerLabel,
      role: s.role,
      decision: s.decision,
      comment: s.comment,
      documentVersion: s.documentVersion,
      stale: s.documentVersion < row.version,
      createdAt: s.createdAt.toISOString(),
    })),
    authorId: row.authorId,
    authorName: found.authorName || found.authorEmail || null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** Lock the row and check the caller's version; a stale version is a 409 carrying the newer state. */
async function lockForWrite(tx: Tx, actor: Actor, id: string, version: number) {
  if (!canEdit(actor)) throw forbidden('Only editors can change documents.');
  if (!z.string().uuid().safeParse(id).success) throw notFound('No such document.');
  const [row] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
  if (!row) throw notFound('No such document.');
  if (row.version !== version) {
    const current = await getDocument(tx, { actor, id });
    throw conflict(`Someone else saved this document after you opened it (you had version ${version}; it is now at version ${row.version}). Your changes were not saved: review the newer version and apply them again.`, current);
  }
  return row;
}

export async function updateDocument(db: Database, opts: { actor: Actor; id: string; input: unknown; event?: string; note?: string }): Promise<DocumentView> {
  const r = UpdateDocumentSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { version, fields: rawFields, ...meta } = r.data;
  await db.transaction(async (tx) => {
    const row = await lockForWrite(tx, opts.actor, opts.id, version);
    // Restore is an edit too: a published or archived document must be reopened first.
    if (READ_ONLY.includes(row.status))
      throw new HttpError(409, 'read_only', `This document is ${row.status === 'published' ? 'published' : 'archived'} and read-only. Reopen it as a draft to ${opts.event === 'restore' ? 'restore an older version' : 'edit'}.`);
    const template = await getTemplate(tx as unknown as Database, { key: row.templateKey, version: row.templateVersion });
    const parsed = parseFieldValues(template, rawFields);
    const { actionRows, issues: actionIssues } = splitActions(template, rawFields);
    const issues = [...(parsed.ok ? [] : parsed.issues), ...actionIssues];
    if (!parsed.ok || issues.length) throw new HttpError(400, 'invalid', `Some values are not valid (${issues[0].path.join('.')}): ${issues[0].message}`, issues);
    if (meta.title !== undefined && !meta.title) throw new HttpError(400, 'invalid', 'Give the document a title.', [{ path: ['title'], message: 'give the document a title' }]);
    const before = snapshotOf(row, await listDocumentActionItems(tx, row.id));
    const fields: FieldValues = { ...row.fields, ...parsed.values };
    for (const k of parsed.cleared) delete fields[k];
    for (const [fieldKey, rows] of Object.entries(actionRows)) await syncActionItems(tx, { documentId: row.id, fieldKey, rows, defaultKind: defaultKindOf(template, fieldKey) });
    const tags = meta.tags ?? row.tags;
    const d = await derived(tx, template, row.id, fields, tags);
    const [next] = await tx
      .update(documents)
      .set({ ...meta, fields, ...d.set, version: row.version + 1, updatedAt: new Date() })
      .where(and(eq(documents.id, row.id), eq(documents.version, version)))
      .returning();
    const after = snapshotOf(next, d.items);
    await tx.insert(documentRevisions).values({
      documentId: row.id,
      version: next.version,
      event: opts.event ?? 'edit',
      snapshot: after,
      changed: changedKeys(before, after),
      note: opts.note ?? null,
      authorId: opts.actor.id,
    });
    await recordAudit(tx, {
      actor: opts.actor,
      action: opts.event === 'restore' ? 'document.restored' : 'document.edited',
      targetType: 'document',
      targetId: row.id,
      details: { version: next.version, changed: changedKeys(before, after) },
    });
  });
  return getDocument(db, { actor: opts.actor, id: opts.id });
}

function actionCountsOf(items: { fieldKey: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.fieldKey] = (counts[i.fieldKey] ?? 0) + 1;
  return counts;
}

/** What the strict checks (for in review / published) would refuse now: every issue, by field path. */
export function readinessIssues(doc: DocumentView): IssueItem[] {
  return strictIssues(doc.template, { title: doc.title, fields: doc.fields, actionCounts: actionCountsOf(doc.actionItems) });
}

export async function transitionDocument(db: Database, opts: { actor: Actor; id: string; input: unknown }): Promise<DocumentView> {
  const r = TransitionSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { to, version } = r.data;
  await db.transaction(async (tx) => {
    const row = await lockForWrite(tx, opts.actor, opts.id, version);
    if (row.status === to) throw new HttpError(409, 'invalid_transition', `The document is already ${to.replace('_', ' ')}.`);
    if (!TRANSITIONS[row.status].includes(to))
      throw new HttpError(409, 'invalid_transition', `A ${row.status.replace('_', ' ')} document cannot move to ${to.replace('_', ' ')}; it can move to: ${TRANSITIONS[row.status].join(', ')}.`);
    if (to === 'in_review' || to === 'published') {
      const template = await getTemplate(tx as unknown as Database, { key: row.templateKey, version: row.templateVersion });
      const issues = strictIssues(template, { title: row.title, fields: row.fields, actionCounts: actionCountsOf(await listDocumentActionItems(tx, row.id)) });
      if (issues.length)
        throw new HttpError(422, 'incomplete', `${issues.length} ${issues.length === 1 ? 'thing is' : 'things are'} missing before this can be ${to === 'published' ? 'published' : 'sent for review'}.`, issues);
    }
    const [next] = await tx
      .update(documents)
      .set({ status: to, version: row.version + 1, updatedAt: new Date(), ...(to === 'published' ? { publishedAt: new Date() } : {}) })
      .where(and(eq(documents.id, row.id), eq(documents.version, version)))
      .returning();
    await tx.insert(documentRevisions).values({
      documentId: row.id,
      version: next.version,
      event: 'transition',
      snapshot: snapshotOf(next, await listDocumentActionItems(tx, row.id)),
      changed: ['status'],
      note: `${row.status} → ${to}`,
      authorId: opts.actor.id,
    });
    await recordAudit(tx, { actor: opts.actor, action: 'document.transitioned', targetType: 'document', targetId: row.id, details: { from: row.status, to, version: next.version } });
  });
  const view = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (to === 'published') documentPublished(db, view);
  return view;
}
