import { checkNewFactorCategories } from '~/models/factor-category.server';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { safeJson, safeText } from '~/lib/safe-text';
import type { Database } from '../../db/client';
import { preparedQuery } from '../../db/prepared';
import { DOCUMENT_STATUSES, SEVERITIES, actionItems, auditEvents, documentRevisions, documents, signoffs } from '../../db/schema';
import type { Template } from '../../templates/schema';
import { HttpError, conflict, forbidden, notFound, validationError, type IssueItem } from '~/lib/errors.server';
import { computeFacts, parseFieldValues, roleColumns, searchParts, searchTextOf, strictIssues } from '~/lib/fields.server';
import {
  ActionItemInputSchema,
  listDocumentActionItems,
  syncActionItems,
  toActionItemView,
  type ActionItemInput,
} from '~/models/action-item.server';
import { getTemplate } from '~/models/template.server';
import { canonical, META_KEYS, type RowEdits } from '~/lib/merge';
import { applyActionEdits, changedSince } from '~/models/document-write.server';
import { auditRowOf, recordAudit } from '~/models/audit.server';
import { checkRecurrencesAfterPublish } from '~/models/recurrence.server';
import { documentPublished } from '~/models/events.server';
import { documentRef, emitWebhookEvent } from '~/models/webhook-event.server';
import {
  buildLaunchReport,
  waiversInForce,
  openBlockerTitles,
  refreshLaunchDecision,
  syncQuestionBlockers,
  toSignoffView,
} from '~/models/launch-decision.server';
import type { ActionItemView, Actor, DocumentStatus, DocumentView, FieldValues } from '~/models/types';
import { canEdit, documentAccess } from '~/models/access.server';
import { fieldsOfKind } from '~/fields/text';
import { stampChecklistAnswers } from '~/fields/checklist/stamp.server';
import { activeWaivers } from '~/models/waiver.server';
import { notifyTextMentions } from '~/models/text-mentions.server';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** For pages: importing db/schema in a route would ship drizzle to the browser. */

export const TagsSchema = z
  .union([z.string().transform((s) => s.split(',')), z.array(z.string())]) // text checked by the pipe below
  .transform((a) => [...new Set(a.map((t) => t.trim()).filter(Boolean))])
  .pipe(z.array(safeText().max(50, 'keep each tag under 50 characters')).max(30, 'use at most 30 tags'));

const nullableText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), safeText().trim().max(max).nullable());

export const DocumentMetaSchema = z.object({
  title: safeText().trim().max(300, 'keep the title under 300 characters'),
  severity: z.preprocess((v) => (v === '' ? null : v), z.enum(SEVERITIES).nullable()),
  service: nullableText(200),
  tags: TagsSchema,
});

export const CreateDocumentSchema = DocumentMetaSchema.partial()
  .extend({
    template: safeJson().pipe(
      z.union([z.string().min(1).max(100), z.object({ key: z.string().min(1).max(100), version: z.number().int().positive() }).strict()]),
    ),
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

export { canEdit };

/** Split `fields` into plain values and actions-field rows. */
function splitActions(template: Template, raw: Record<string, unknown> | undefined) {
  const actionFields = fieldsOfKind(template, 'actions');
  const actionRows: Record<string, ActionItemInput[]> = {};
  const issues: IssueItem[] = [];
  for (const f of actionFields) {
    if (!raw || !(f.key in raw)) continue;
    const v = raw[f.key] ?? [];
    const r = z.array(ActionItemInputSchema).max(200).safeParse(v);
    if (!r.success) issues.push(...r.error.issues.map((i) => ({ path: ['fields', f.key, ...i.path.map(String)], message: i.message })));
    else {
      for (const [i, row] of r.data.entries())
        if (row.kind && !f.kinds.includes(row.kind))
          issues.push({ path: ['fields', f.key, i, 'kind'], message: `choose one of: ${f.kinds.join(', ')}` });
      actionRows[f.key] = r.data;
    }
  }
  return { actionRows, issues };
}

export function snapshotOf(row: typeof documents.$inferSelect, actionItems: unknown[]) {
  return {
    title: row.title,
    status: row.status,
    severity: row.severity,
    service: row.service,
    tags: row.tags,
    fields: row.fields,
    actionItems,
  };
}

export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ['title', 'status', 'severity', 'service', 'tags'])
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out.push(k);
  const bf = (before.fields ?? {}) as Record<string, unknown>;
  const af = (after.fields ?? {}) as Record<string, unknown>;
  // Key order is not content: jsonb stores keys in its own order, a save rebuilds objects in another.
  for (const k of new Set([...Object.keys(bf), ...Object.keys(af)])) if (canonical(bf[k]) !== canonical(af[k])) out.push(`fields.${k}`);
  const ba = JSON.stringify(before.actionItems ?? []);
  if (ba !== JSON.stringify(after.actionItems ?? [])) out.push('actionItems');
  return out;
}

/** A change of content (title or a field value) is what makes sign-offs stale; status, tags and action items are not. */
export const isContentChange = (changed: string[]) => changed.some((k) => k === 'title' || k.startsWith('fields.'));

/** Everything derived from fields (computed facts, instants, search text) in one place. */
export async function derived(
  tx: Tx | Database,
  template: Template,
  id: string,
  fields: FieldValues,
  tags: string[],
  known?: ActionItemView[],
) {
  const items = known ?? (await listDocumentActionItems(tx, id));
  const computed = computeFacts(template, fields);
  const text = { fields, tags, actionTitles: items.map((i) => `${i.title} ${i.owner ?? ''}`) };
  return {
    items,
    set: {
      computed,
      ...roleColumns(template, fields, computed),
      searchText: searchTextOf(template, text),
      ...searchParts(template, text),
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
  if (!parsed.ok || issues.length)
    throw new HttpError(400, 'invalid', `Some values are not valid (${issues[0].path.join('.')}): ${issues[0].message}`, issues);
  const id = randomUUID();
  stampChecklistAnswers(template, null, parsed.values, opts.actor);
  await db.transaction(async (tx) => {
    await checkNewFactorCategories(tx, parsed.values, null, factorKeysOf(template));
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
      // A system actor (the CLI, an inbound hook) is no user: such a draft has no author, so anyone may publish it.
      authorId: opts.actor.via === 'system' ? null : opts.actor.id,
    });
    for (const [fieldKey, rows] of Object.entries(actionRows))
      await syncActionItems(tx, { documentId: id, fieldKey, rows, defaultKind: defaultKindOf(template, fieldKey), actor: opts.actor });
    await syncQuestionBlockers(tx, { template, documentId: id, before: null, fields: parsed.values });
    await notifyTextMentions(tx, {
      actor: opts.actor,
      template,
      doc: { id, title: input.title, status: 'draft' },
      before: {},
      after: parsed.values,
    });
    const d = await derived(tx, template, id, parsed.values, tags);
    const [row] = await tx.update(documents).set(d.set).where(eq(documents.id, id)).returning();
    await tx
      .insert(documentRevisions)
      .values({ documentId: id, version: 1, event: 'create', snapshot: snapshotOf(row, d.items), changed: [], authorId: opts.actor.id });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'document.created',
      targetType: 'document',
      targetId: id,
      details: { title: input.title, template: `${template.key}@${template.version}` },
    });
    await refreshLaunchDecision(tx, { documentId: id, actor: opts.actor, why: 'Review created' });
  });
  return getDocument(db, { actor: opts.actor, id });
}

const factorKeysOf = (template: Template) => fieldsOfKind(template, 'factors').map((f) => f.key);

function defaultKindOf(template: Template, fieldKey: string): string {
  return fieldsOfKind(template, 'actions').find((x) => x.key === fieldKey)?.kinds[0] ?? 'prevent';
}

/** A document row with everything its view needs, read in one statement (see loadDocuments). */

// What a document view reads with its row (see findDocuments); one shape for the list and the prepared single read.
const DOCUMENT_COLUMNS = { search: false, searchText: false, searchKey: false, searchSections: false, summary: false } as const;
const DOCUMENT_WITH = {
  author: { columns: { name: true, email: true } as const },
  publisher: { columns: { name: true, email: true } as const },
  actionItems: { orderBy: [asc(actionItems.fieldKey), asc(actionItems.position)] },
  signoffs: { orderBy: [asc(signoffs.createdAt), asc(signoffs.id)] },
};

async function findDocuments(db: Database | Tx, actor: Actor, ids: string[]) {
  const valid = ids.filter((id) => z.string().uuid().safeParse(id).success);
  if (!valid.length) return [];
  if (valid.length === 1)
    // One document (every document page): a statement prepared per access rule, its SQL text built once per handle.
    return preparedQuery(db, canEdit(actor) ? 'document:any' : 'document:published', (handle) =>
      handle.query.documents
        .findMany({
          columns: DOCUMENT_COLUMNS,
          where: and(eq(documents.id, sql.placeholder('id')), documentAccess(actor)),
          with: DOCUMENT_WITH,
        })
        .prepare('document'),
    ).execute({ id: valid[0] });
  return (db as Database).query.documents.findMany({
    columns: DOCUMENT_COLUMNS,
    where: and(inArray(documents.id, valid), documentAccess(actor)),
    with: DOCUMENT_WITH,
  });
}
type FoundDocument = Awaited<ReturnType<typeof findDocuments>>[number];

async function toDocumentView(db: Database | Tx, found: FoundDocument): Promise<DocumentView> {
  const { author, publisher, actionItems: itemRows, signoffs: signs, ...row } = found;
  const template = await getTemplate(db as Database, { key: row.templateKey, version: row.templateVersion });
  const items = itemRows.map(toActionItemView);
  const waivers = row.kind === 'checklist' ? await activeWaivers(db, row.id) : new Map();
  const report =
    row.kind === 'checklist'
      ? buildLaunchReport({
          documentId: row.id,
          template,
          fields: row.fields,
          contentVersion: row.contentVersion,
          changedAt: row.decisionChangedAt,
          signoffs: signs,
          openBlockers: openBlockerTitles(itemRows, waivers),
          waivers,
        })
      : null;
  return {
    id: row.id,
    version: row.version,
    contentVersion: row.contentVersion,
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
    signoffs: signs.map((s) => toSignoffView(s, row.contentVersion)),
    authorId: row.authorId,
    authorName: author?.name || author?.email || null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedBy: row.status === 'published' ? publisher?.name || publisher?.email || null : null,
    decision: report
      ? { state: report.state, reasons: report.reasons, changedAt: report.changedAt, waivers: waiversInForce(report.questions) }
      : null,
  };
}

/** One document the actor may read; a document they may not read is not loaded and is a 404. */
export async function getDocument(db: Database | Tx, opts: { actor: Actor; id: string }): Promise<DocumentView> {
  const [found] = await findDocuments(db, opts.actor, [opts.id]);
  if (!found) throw notFound('No such document, or you may not read it.');
  return toDocumentView(db, found);
}

/**
 * Several documents the actor may read, in the order of `ids`, in one statement (the digest).
 * An id that is unknown or not readable is a 404, as for getDocument.
 */
export async function loadDocuments(db: Database, opts: { actor: Actor; ids: string[] }): Promise<DocumentView[]> {
  const found = new Map((await findDocuments(db, opts.actor, opts.ids)).map((d) => [d.id, d]));
  if (opts.ids.some((id) => !found.has(id))) throw notFound('No such document, or you may not read it.');
  return Promise.all(opts.ids.map((id) => toDocumentView(db, found.get(id)!)));
}

/** Lock the row and check the caller's version; a stale version is a 409 carrying the newer state. */
async function lockForWrite(tx: Tx, actor: Actor, id: string, version: number) {
  if (!canEdit(actor)) throw forbidden('Only editors can change documents.');
  if (!z.string().uuid().safeParse(id).success) throw notFound('No such document.');
  const [row] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
  if (!row) throw notFound('No such document.');
  if (row.version !== version) {
    const current = await getDocument(tx, { actor, id });
    const changedFields = await changedSince(tx, current, version);
    throw conflict(
      `Someone else saved this document after you opened it (you had version ${version}; it is now at version ${row.version}). Your changes were not saved: review the newer version and apply them again.`,
      current,
      {
        details: { currentVersion: row.version, changedFields },
        issues: changedFields.map((k) => ({
          path: k === 'status' || (META_KEYS as readonly string[]).includes(k) ? [k] : ['fields', k],
          message: `changed since version ${version}`,
        })),
      },
    );
  }
  return row;
}

/**
 * `actionEdits` (the edit page): per actions field, only the rows to create, change or remove;
 * `fields` then carries no actions field. The API sends whole row lists in `fields` instead.
 */
export async function updateDocument(
  db: Database,
  opts: {
    actor: Actor;
    id: string;
    input: unknown;
    event?: string;
    note?: string;
    actionEdits?: Record<string, RowEdits>;
    /** The document as the caller just read it (getDocument): when still at the locked version, its template and rows are reused, not read again. */
    current?: DocumentView;
  },
): Promise<DocumentView> {
  const r = UpdateDocumentSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { version, fields: rawFields, ...meta } = r.data;
  const saved = await db.transaction(async (tx) => {
    const row = await lockForWrite(tx, opts.actor, opts.id, version);
    // Restore is an edit too: a published or archived document must be reopened first.
    if (READ_ONLY.includes(row.status))
      throw new HttpError(
        409,
        'read_only',
        `This document is ${row.status === 'published' ? 'published' : 'archived'} and read-only. Reopen it as a draft to ${opts.event === 'restore' ? 'restore an older version' : 'edit'}.`,
      );
    const known = opts.current?.id === row.id && opts.current.version === row.version ? opts.current : undefined;
    const template =
      known && known.template.key === row.templateKey && known.template.version === row.templateVersion
        ? known.template
        : await getTemplate(tx as unknown as Database, { key: row.templateKey, version: row.templateVersion });
    const parsed = parseFieldValues(template, rawFields);
    const { actionRows, issues: actionIssues } = splitActions(template, rawFields);
    const issues = [...(parsed.ok ? [] : parsed.issues), ...actionIssues];
    if (!parsed.ok || issues.length)
      throw new HttpError(400, 'invalid', `Some values are not valid (${issues[0].path.join('.')}): ${issues[0].message}`, issues);
    if (meta.title !== undefined && !meta.title)
      throw new HttpError(400, 'invalid', 'Give the document a title.', [{ path: ['title'], message: 'give the document a title' }]);
    // Every action-item write is a document version: at the locked version the caller's rows are the stored rows.
    const beforeItems = known ? known.actionItems : await listDocumentActionItems(tx, row.id);
    const before = snapshotOf(row, beforeItems);
    const fields: FieldValues = { ...row.fields, ...parsed.values };
    for (const k of parsed.cleared) delete fields[k];
    stampChecklistAnswers(template, row.fields, fields, opts.actor);
    await checkNewFactorCategories(tx, fields, row.fields, factorKeysOf(template));
    for (const [fieldKey, rows] of Object.entries(actionRows))
      await syncActionItems(tx, {
        documentId: row.id,
        fieldKey,
        rows,
        defaultKind: defaultKindOf(template, fieldKey),
        actor: opts.actor,
      });
    for (const [fieldKey, edits] of Object.entries(opts.actionEdits ?? {})) {
      const field = fieldsOfKind(template, 'actions').find((f) => f.key === fieldKey);
      if (!field)
        throw new HttpError(400, 'invalid', `"${fieldKey}" is not an actions field of this template.`, [
          { path: ['fields', fieldKey], message: 'not an actions field' },
        ]);
      await applyActionEdits(tx, {
        documentId: row.id,
        fieldKey,
        label: field.label,
        edits,
        defaultKind: defaultKindOf(template, fieldKey),
        actor: opts.actor,
      });
    }
    const blockerChanges = await syncQuestionBlockers(tx, { template, documentId: row.id, before: row.fields, fields });
    await notifyTextMentions(tx, {
      actor: opts.actor,
      template,
      doc: { id: row.id, title: meta.title ?? row.title, status: row.status },
      before: row.fields,
      after: fields,
    });
    const tags = meta.tags ?? row.tags;
    const rowsWritten =
      Object.keys(actionRows).length > 0 ||
      blockerChanges.length > 0 ||
      Object.values(opts.actionEdits ?? {}).some((e) => e.create.length + e.update.length + e.remove.length > 0);
    const d = await derived(tx, template, row.id, fields, tags, rowsWritten ? undefined : beforeItems);
    const contentChanged = isContentChange(changedKeys(before, { ...before, title: meta.title ?? row.title, fields }));
    const [next] = await tx
      .update(documents)
      .set({
        ...meta,
        fields,
        ...d.set,
        version: row.version + 1,
        contentVersion: row.contentVersion + (contentChanged ? 1 : 0),
        updatedAt: new Date(),
      })
      .where(and(eq(documents.id, row.id), eq(documents.version, version)))
      .returning();
    const after = snapshotOf(next, d.items);
    // The revision and its audit event in one statement (a data-modifying WITH runs whether or not it is read).
    const revision = tx.$with('revision', { id: documentRevisions.id }).as(
      tx
        .insert(documentRevisions)
        .values({
          documentId: row.id,
          version: next.version,
          event: opts.event ?? 'edit',
          snapshot: after,
          changed: changedKeys(before, after),
          note: opts.note ?? null,
          authorId: opts.actor.id,
        })
        .returning({ id: documentRevisions.id })
        .getSQL(),
    );
    await tx
      .with(revision)
      .insert(auditEvents)
      .values(
        auditRowOf({
          actor: opts.actor,
          action: opts.event === 'restore' ? 'document.restored' : 'document.edited',
          targetType: 'document',
          targetId: row.id,
          details: { version: next.version, changed: changedKeys(before, after) },
        }),
      );
    const report = await refreshLaunchDecision(tx, {
      documentId: row.id,
      known: row,
      actor: opts.actor,
      why: contentChanged
        ? `${opts.event === 'restore' ? 'Restored' : 'Edited'} the content (version ${next.version}): earlier sign-offs need renewing`
        : `Saved version ${next.version}`,
    });
    // The saved document as the caller would read it back, without reading it back: what changed is
    // in hand (row, items, decision); author, publication and sign-off rows are the caller's, at the locked version.
    const view: DocumentView | null = known
      ? {
          ...known,
          version: next.version,
          contentVersion: next.contentVersion,
          title: next.title,
          severity: next.severity,
          service: next.service,
          tags: next.tags,
          fields: next.fields,
          computed: next.computed,
          actionItems: d.items,
          signoffs: known.signoffs.map((s) => ({ ...s, stale: s.contentVersion < next.contentVersion })),
          updatedAt: next.updatedAt.toISOString(),
          decision: report
            ? { state: report.state, reasons: report.reasons, changedAt: report.changedAt, waivers: waiversInForce(report.questions) }
            : known.decision,
        }
      : null;
    return view;
  });
  return saved ?? getDocument(db, { actor: opts.actor, id: opts.id });
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

/**
 * Publishing is a review: someone other than the author (an editor or admin) approves it, unless
 * the template sets `selfPublish` (teams of one). A document whose author is gone may be published by anyone.
 */
export function mayPublish(actor: Actor, doc: { authorId: string | null }, template: Template): boolean {
  return canEdit(actor) && (template.selfPublish === true || !doc.authorId || doc.authorId !== actor.id);
}

function assertMayPublish(actor: Actor, row: { authorId: string | null }, template: Template) {
  if (!mayPublish(actor, row, template))
    throw new HttpError(
      403,
      'needs_reviewer',
      'You wrote this document, so someone else publishes it: ask another editor or an admin to review and publish it.',
      [{ path: ['to'], message: 'publishing needs a reviewer other than the author' }],
    );
}

export async function transitionDocument(db: Database, opts: { actor: Actor; id: string; input: unknown }): Promise<DocumentView> {
  const r = TransitionSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { to, version } = r.data;
  await db.transaction(async (tx) => {
    const row = await lockForWrite(tx, opts.actor, opts.id, version);
    if (row.status === to) throw new HttpError(409, 'invalid_transition', `The document is already ${to.replace('_', ' ')}.`);
    if (!TRANSITIONS[row.status].includes(to))
      throw new HttpError(
        409,
        'invalid_transition',
        `A ${row.status.replace('_', ' ')} document cannot move to ${to.replace('_', ' ')}; it can move to: ${TRANSITIONS[row.status].join(', ')}.`,
      );
    const template = await getTemplate(tx as unknown as Database, { key: row.templateKey, version: row.templateVersion });
    if (to === 'published') assertMayPublish(opts.actor, row, template);
    if (to === 'in_review' || to === 'published') {
      const issues = strictIssues(template, {
        title: row.title,
        fields: row.fields,
        actionCounts: actionCountsOf(await listDocumentActionItems(tx, row.id)),
      });
      if (issues.length)
        throw new HttpError(
          422,
          'incomplete',
          `${issues.length} ${issues.length === 1 ? 'thing is' : 'things are'} missing before this can be ${to === 'published' ? 'published' : 'sent for review'}.`,
          issues,
        );
    }
    const [next] = await tx
      .update(documents)
      .set({
        status: to,
        version: row.version + 1,
        updatedAt: new Date(),
        ...(to === 'published' ? { publishedAt: new Date(), publishedBy: opts.actor.id } : {}),
      })
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
    if (to === 'published')
      await emitWebhookEvent(tx, {
        type: 'document.published',
        data: { document: documentRef(next), version: next.version, publishedBy: opts.actor.name || opts.actor.email },
      });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'document.transitioned',
      targetType: 'document',
      targetId: row.id,
      details: { from: row.status, to, version: next.version },
    });
    await refreshLaunchDecision(tx, { documentId: row.id, actor: opts.actor, why: `Status ${row.status} → ${to}` });
  });
  // Compared with earlier incidents before answering, so Insights counts a recurrence as soon as it is published.
  if (to === 'published') await checkRecurrencesAfterPublish(db, opts.id);
  const view = await getDocument(db, { actor: opts.actor, id: opts.id });
  if (to === 'published') documentPublished(db, view);
  return view;
}
