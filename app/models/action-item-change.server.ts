import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { ACTION_STATUSES, actionItems, documentRevisions, documents, type ActionKind, type ActionStatus } from '../../db/schema';
import { safeText } from '~/lib/safe-text';
import type { Template } from '../../templates/schema';
import { HttpError, conflict, forbidden, notFound, validationError } from '~/lib/errors.server';
import { ActionItemInputSchema, ActionItemPatchSchema, emitActionItemEvents, toActionItemView } from '~/models/action-item.server';
import { notifyAssigned, ownerResolver } from '~/models/assignment.server';
import { recordAudit } from '~/models/audit.server';
import { canEdit, derived, snapshotOf } from '~/models/document.server';
import { refreshLaunchDecision } from '~/models/launch-decision.server';
import { getTemplate } from '~/models/template.server';
import type { ActionItemView, Actor } from '~/models/types';
import { fieldsOfKind } from '~/fields/text';

// Action items are written on their own (the API, /actions, the document page) as well as through
// the edit form. Each such write is a change of the document too: one transaction with the item,
// the document's new version and revision, its search text, its audit entry and, for a launch
// review, its decision. Follow-up work continues after publication, so a published document takes
// them without being reopened; an archived one is frozen.

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

const isClosed = (s: string) => s === 'done' || s === 'wont_do';
export const CreateActionItemSchema = ActionItemInputSchema.omit({ id: true })
  .extend({ field: z.string().max(60).optional() })
  .strict();

async function lockDocument(tx: Tx, documentId: string) {
  if (!z.string().uuid().safeParse(documentId).success) throw notFound('No such document.');
  const [row] = await tx.select().from(documents).where(eq(documents.id, documentId)).for('update');
  if (!row) throw notFound('No such document.');
  if (row.status === 'archived')
    throw new HttpError(409, 'read_only', 'This document is archived; restore it as a draft to change its action items.');
  return row;
}

function actionsField(template: Template, key: string | undefined) {
  const fields = fieldsOfKind(template, 'actions');
  const field = key ? fields.find((f) => f.key === key) : fields[0];
  if (!field)
    throw key
      ? new HttpError(400, 'invalid', `"${key}" is not an action items field of this template.`, [
          { path: ['field'], message: `choose one of: ${fields.map((f) => f.key).join(', ') || '(none)'}` },
        ])
      : new HttpError(422, 'no_actions_field', `Template ${template.key} has no action items field.`);
  return field;
}

function checkKind(field: { kinds: string[] }, kind: string | undefined) {
  if (kind && !field.kinds.includes(kind))
    throw new HttpError(400, 'invalid', `Choose a kind this list offers: ${field.kinds.join(', ')}.`, [
      { path: ['kind'], message: `choose one of: ${field.kinds.join(', ')}` },
    ]);
}

/** The document side of an action-item write: new version, revision, search text, audit, decision. */
export async function recordDocumentChange(
  tx: Tx,
  opts: {
    actor: Actor;
    row: typeof documents.$inferSelect;
    template: Template;
    note: string;
    audit: 'action_item.created' | 'action_item.edited';
    item: ActionItemView;
    details: Record<string, unknown>;
  },
) {
  const d = await derived(tx, opts.template, opts.row.id, opts.row.fields, opts.row.tags);
  const [next] = await tx
    .update(documents)
    .set({ ...d.set, version: opts.row.version + 1, updatedAt: new Date() })
    .where(and(eq(documents.id, opts.row.id), eq(documents.version, opts.row.version)))
    .returning();
  await tx.insert(documentRevisions).values({
    documentId: opts.row.id,
    version: next.version,
    event: 'action_item',
    snapshot: snapshotOf(next, d.items),
    changed: ['actionItems'],
    note: opts.note,
    authorId: opts.actor.id,
  });
  await recordAudit(tx, {
    actor: opts.actor,
    action: opts.audit,
    targetType: 'document',
    targetId: opts.row.id,
    details: { actionItemId: opts.item.id, title: opts.item.title, version: next.version, ...opts.details },
  });
  await refreshLaunchDecision(tx, { documentId: opts.row.id, actor: opts.actor, why: opts.note });
}

/** Add one action item to a document's first actions field (or the one named by `field`). */
export async function createActionItem(db: Database, opts: { actor: Actor; documentId: string; input: unknown }): Promise<ActionItemView> {
  if (!canEdit(opts.actor)) throw forbidden('Only editors can add action items.');
  const r = CreateActionItemSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { field: fieldKey, ...input } = r.data;
  return db.transaction(async (tx) => {
    const row = await lockDocument(tx, opts.documentId);
    const template = await getTemplate(tx as unknown as Database, { key: row.templateKey, version: row.templateVersion });
    const field = actionsField(template, fieldKey);
    checkKind(field, input.kind);
    const [{ max }] = await tx
      .select({ max: sql<number>`coalesce(max(${actionItems.position}), -1)` })
      .from(actionItems)
      .where(and(eq(actionItems.documentId, row.id), eq(actionItems.fieldKey, field.key)));
    const status = input.status ?? 'open';
    const owner = await ownerResolver(tx, row.id)({ owner: input.owner, ownerUserId: input.ownerUserId });
    const [inserted] = await tx
      .insert(actionItems)
      .values({
        id: randomUUID(),
        documentId: row.id,
        fieldKey: field.key,
        position: Number(max) + 1,
        title: input.title,
        kind: (input.kind ?? field.kinds[0]) as ActionKind,
        ...owner,
        dueDate: input.dueDate ?? null,
        status,
        url: input.url ?? null,
        completedAt: isClosed(status) ? new Date() : null,
      })
      .returning();
    const item = toActionItemView(inserted);
    await emitActionItemEvents(tx, { before: null, after: item });
    await notifyAssigned(tx, { actor: opts.actor, before: null, after: inserted });
    await recordDocumentChange(tx, {
      actor: opts.actor,
      row,
      template,
      note: `Added action item “${item.title}” (${item.kind}, ${item.status.replace('_', ' ')})`,
      audit: 'action_item.created',
      item,
      details: { kind: item.kind, status: item.status },
    });
    return item;
  });
}

const FIELD_NAMES = ['title', 'kind', 'owner', 'dueDate', 'status', 'url'] as const;

/** Change one action item; a stale `version` is a conflict. */
export async function updateActionItem(db: Database, opts: { actor: Actor; id: string; input: unknown }): Promise<ActionItemView> {
  const r = ActionItemPatchSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { version, ...patch } = r.data;
  if (!canEdit(opts.actor)) throw forbidden('Only editors can change action items.');
  if (!z.string().uuid().safeParse(opts.id).success) throw notFound('No such action item.');
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ documentId: actionItems.documentId }).from(actionItems).where(eq(actionItems.id, opts.id));
    if (!found) throw notFound('No such action item.');
    // Lock order as everywhere else: the document, then its items.
    const row = await lockDocument(tx, found.documentId);
    const [prior] = await tx.select().from(actionItems).where(eq(actionItems.id, opts.id)).for('update');
    if (!prior) throw notFound('No such action item.');
    if (prior.version !== version)
      throw conflict(
        `This action item was changed by someone else (you had version ${version}, it is now ${prior.version}). Reload and apply your change again.`,
        toActionItemView(prior),
      );
    const template = await getTemplate(tx as unknown as Database, { key: row.templateKey, version: row.templateVersion });
    const field = fieldsOfKind(template, 'actions').find((f) => f.key === prior.fieldKey);
    if (field) checkKind(field, patch.kind);
    const status = patch.status ?? prior.status;
    const { ownerUserId, ...fields } = patch;
    const owner =
      patch.owner !== undefined || ownerUserId !== undefined
        ? await ownerResolver(tx, row.id)({ owner: patch.owner !== undefined ? patch.owner : prior.owner, ownerUserId })
        : {};
    const [updated] = await tx
      .update(actionItems)
      .set({
        ...fields,
        ...owner,
        version: prior.version + 1,
        updatedAt: new Date(),
        completedAt: isClosed(status) ? (prior.completedAt ?? new Date()) : null,
      })
      .where(and(eq(actionItems.id, opts.id), eq(actionItems.version, version)))
      .returning();
    const item = toActionItemView(updated);
    await emitActionItemEvents(tx, { before: prior, after: item });
    await notifyAssigned(tx, { actor: opts.actor, before: prior, after: updated });
    const changes = FIELD_NAMES.filter((k) => patch[k] !== undefined && (patch[k] ?? null) !== (prior[k] ?? null)).map(
      (k) => `${k} ${String(prior[k] ?? '—').replace('_', ' ')} → ${String(updated[k] ?? '—').replace('_', ' ')}`,
    );
    await recordDocumentChange(tx, {
      actor: opts.actor,
      row,
      template,
      note: `Action item “${item.title}”: ${changes.join(', ') || 'saved unchanged'}`,
      audit: 'action_item.edited',
      item,
      details: { changes },
    });
    return item;
  });
}

const TRACKER_STATUS_WORDS: Record<string, ActionStatus> = {
  open: 'open',
  todo: 'open',
  'to do': 'open',
  new: 'open',
  reopened: 'open',
  backlog: 'open',
  in_progress: 'in_progress',
  'in progress': 'in_progress',
  started: 'in_progress',
  doing: 'in_progress',
  'in review': 'in_progress',
  done: 'done',
  closed: 'done',
  resolved: 'done',
  fixed: 'done',
  completed: 'done',
  complete: 'done',
  wont_do: 'wont_do',
  "won't do": 'wont_do',
  "won't fix": 'wont_do',
  wontfix: 'wont_do',
  cancelled: 'wont_do',
  canceled: 'wont_do',
  declined: 'wont_do',
  duplicate: 'wont_do',
};

export const TrackerUpdateSchema = z.object({
  url: safeText()
    .trim()
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'use the full http(s):// address of the tracker issue'),
  status: safeText()
    .trim()
    .max(50)
    .transform((s, ctx) => {
      const status = TRACKER_STATUS_WORDS[s.toLowerCase()];
      if (!status) {
        ctx.addIssue({
          code: 'custom',
          message: `use one of ${ACTION_STATUSES.join(', ')} (or a tracker word such as closed, resolved, reopened, won't fix)`,
        });
        return z.NEVER;
      }
      return status;
    }),
});

/**
 * A tracker reports an issue's status: every action item linked to that issue URL takes it, each as a change
 * of its document (version, revision, audit, decision, webhook events) like any other action-item write.
 * Items already in that status are left alone; an archived document's items are skipped.
 */
export async function setActionItemStatusByUrl(
  db: Database,
  opts: { actor: Actor; input: unknown },
): Promise<{ url: string; status: ActionStatus; updated: ActionItemView[]; unchanged: string[] }> {
  const r = TrackerUpdateSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { url, status } = r.data;
  const candidates = [...new Set([url, new URL(url).href])];
  const found = await db
    .select({ id: actionItems.id, documentId: actionItems.documentId })
    .from(actionItems)
    .where(inArray(actionItems.url, candidates));
  if (!found.length) throw notFound('No action item links to that tracker URL.');
  const updated: ActionItemView[] = [];
  const unchanged: string[] = [];
  for (const { id, documentId } of found) {
    await db.transaction(async (tx) => {
      const [doc] = await tx.select().from(documents).where(eq(documents.id, documentId)).for('update');
      const [prior] =
        doc && doc.status !== 'archived' ? await tx.select().from(actionItems).where(eq(actionItems.id, id)).for('update') : [];
      if (!doc || !prior || prior.status === status) return void unchanged.push(id);
      const [row] = await tx
        .update(actionItems)
        .set({
          status,
          version: prior.version + 1,
          updatedAt: new Date(),
          completedAt: isClosed(status) ? (prior.completedAt ?? new Date()) : null,
        })
        .where(eq(actionItems.id, id))
        .returning();
      const item = toActionItemView(row);
      await emitActionItemEvents(tx, { before: prior, after: item });
      const template = await getTemplate(tx as unknown as Database, { key: doc.templateKey, version: doc.templateVersion });
      const change = `status ${prior.status.replace('_', ' ')} → ${status.replace('_', ' ')}`;
      await recordDocumentChange(tx, {
        actor: opts.actor,
        row: doc,
        template,
        note: `Action item “${item.title}”: ${change} (from its tracker)`,
        audit: 'action_item.edited',
        item,
        details: { changes: [change], trackerUrl: url },
      });
      updated.push(item);
    });
  }
  return { url, status, updated, unchanged };
}
