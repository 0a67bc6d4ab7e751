import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { actionItems, documentRevisions } from '../../db/schema';
import { conflict } from '~/lib/errors.server';
import { changedKeys, type RowEdits } from '~/lib/merge';
import { editStateOf, mergeSpecOf } from '~/lib/edit-state.server';
import { syncActionItems, type ActionItemInput } from '~/models/action-item.server';
import type { RevisionSnapshot } from '~/models/revision.server';
import type { Actor, DocumentView } from '~/models/types';
import { fieldsOfKind } from '~/fields/text';

/** Parts of a document write that run inside its transaction (see updateDocument in document.server). */
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * What changed after version `since` (meta keys, field keys, 'status'): the revision the client
 * started from compared with now; without that revision, the union of the later revisions' lists.
 */
export async function changedSince(tx: Tx, current: DocumentView, since: number): Promise<string[]> {
  const [rev] = await tx
    .select({ snapshot: documentRevisions.snapshot })
    .from(documentRevisions)
    .where(and(eq(documentRevisions.documentId, current.id), eq(documentRevisions.version, since)));
  if (rev) {
    const snap = rev.snapshot as RevisionSnapshot;
    const keys = changedKeys(mergeSpecOf(current.template), editStateOf(current.template, snap), editStateOf(current.template, current));
    return snap.status !== current.status ? ['status', ...keys] : keys;
  }
  const later = await tx
    .select({ changed: documentRevisions.changed })
    .from(documentRevisions)
    .where(and(eq(documentRevisions.documentId, current.id), gt(documentRevisions.version, since)));
  const actionKeys = fieldsOfKind(current.template, 'actions').map((f) => f.key);
  const keys = new Set(later.flatMap((r) => r.changed).flatMap((k) => (k === 'actionItems' ? actionKeys : [k.replace(/^fields\./, '')])));
  return [...keys];
}

/**
 * Apply the edit page's row changes to one actions field: rows it did not touch stay exactly as
 * stored (a status set on /actions or through the API meanwhile survives). A row changed since
 * the edit was merged is a conflict, so the page merges again.
 */
export async function applyActionEdits(
  tx: Tx,
  opts: { documentId: string; fieldKey: string; label: string; edits: RowEdits; defaultKind: string; actor?: Actor },
) {
  const existing = await tx
    .select()
    .from(actionItems)
    .where(and(eq(actionItems.documentId, opts.documentId), eq(actionItems.fieldKey, opts.fieldKey)))
    .orderBy(asc(actionItems.position))
    .for('update');
  const byId = new Map(existing.map((e) => [e.id, e]));
  for (const e of [...opts.edits.update, ...opts.edits.remove]) {
    const prior = byId.get(e.id);
    if (!prior || (e.version !== undefined && prior.version !== e.version))
      throw conflict(`An item of ${opts.label} was changed by someone else while you were saving. Nothing was saved.`);
  }
  const removed = new Set(opts.edits.remove.map((r) => r.id));
  const changes = new Map(opts.edits.update.map((u) => [u.id, u.changes]));
  const rows: ActionItemInput[] = existing
    .filter((e) => !removed.has(e.id))
    .map((e) => ({
      id: e.id,
      title: e.title,
      kind: e.kind,
      owner: e.owner,
      dueDate: e.dueDate,
      status: e.status,
      url: e.url,
      ...(changes.get(e.id) as Partial<ActionItemInput>),
    }));
  for (const c of opts.edits.create)
    rows.push({
      title: c.title,
      kind: c.kind as ActionItemInput['kind'],
      owner: c.owner,
      dueDate: c.dueDate,
      status: c.status as ActionItemInput['status'],
      url: c.url,
    });
  await syncActionItems(tx, {
    documentId: opts.documentId,
    fieldKey: opts.fieldKey,
    rows,
    defaultKind: opts.defaultKind,
    actor: opts.actor,
  });
}
