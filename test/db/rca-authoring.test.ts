import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, getDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { diffRevisions, getRevision, listRevisions, restoreRevision } from '../../app/models/revision.server';
import { ActionItemFilterSchema, countActionItems, listActionItems } from '../../app/models/action-item.server';
import { updateActionItem } from '../../app/models/action-item-change.server';
import { HttpError } from '../../app/lib/errors.server';
import { documents } from '../../db/schema';
import type { Actor } from '../../app/models/types';

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const TODAY = '2016-07-15';

describeEachBackend('revisions and restore', (db) => {
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    editor = await createTestActor(db(), 'editor', { name: 'Ada Editor' });
    reviewer = await createTestActor(db(), 'editor', { name: 'Rita Reviewer' });
    viewer = await createTestActor(db(), 'viewer');
  });

  it('lists every save with who, event and changed fields; diffs rich text as plain text lines', async () => {
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ fields: { rootCause: 'No dead-letter queue.\n\n- retries unbounded' } }),
    });
    await updateDocument(db(), {
      actor: editor,
      id: doc.id,
      input: { version: 1, fields: { rootCause: 'No dead-letter queue.\n\n- retries capped at 3', environment: 'eu-west-1' } },
    });
    await updateDocument(db(), { actor: editor, id: doc.id, input: { version: 2, title: 'Queue backlog delayed outgoing emails' } });
    const revs = await listRevisions(db(), { actor: editor, documentId: doc.id });
    expect(revs.map((r) => [r.version, r.event, r.by])).toEqual([
      [1, 'create', 'Ada Editor'],
      [2, 'edit', 'Ada Editor'],
      [3, 'edit', 'Ada Editor'],
    ]);
    expect(revs[1].changed.sort()).toEqual(['fields.environment', 'fields.rootCause']);
    expect(revs[2].changed).toEqual(['title']);

    const d = await diffRevisions(db(), { actor: editor, documentId: doc.id, range: { from: '1', to: '3' } });
    expect(d.fields.map((f) => f.key)).toEqual(['title', 'environment', 'rootCause']);
    const root = d.fields.find((f) => f.key === 'rootCause')!;
    expect(root.lines).toEqual([
      { op: 'same', text: 'No dead-letter queue.' },
      {
        op: 'del',
        text: '- retries unbounded',
        words: [
          { op: 'same', text: '- retries ' },
          { op: 'del', text: 'unbounded' },
        ],
      },
      {
        op: 'add',
        text: '- retries capped at 3',
        words: [
          { op: 'same', text: '- retries ' },
          { op: 'add', text: 'capped at 3' },
        ],
      },
    ]);
    expect((await diffRevisions(db(), { actor: editor, documentId: doc.id, range: { from: 2, to: 2 } })).fields).toEqual([]);
    expect((await failure(diffRevisions(db(), { actor: editor, documentId: doc.id, range: { from: 1, to: 9 } }))).status).toBe(404);
    expect((await failure(diffRevisions(db(), { actor: editor, documentId: doc.id, range: { from: 'x', to: 2 } }))).status).toBe(400);
  });

  it('restores an old revision as a new one; nothing is overwritten; stale versions conflict', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput() });
    await updateDocument(db(), {
      actor: editor,
      id: doc.id,
      input: { version: 1, title: 'Renamed', fields: { rootCause: 'Something else', nextSteps: [{ title: 'Another step' }] } },
    });
    const stale = await failure(restoreRevision(db(), { actor: editor, documentId: doc.id, input: { revision: 1, version: 1 } }));
    expect(stale.status).toBe(409);
    expect(stale.code).toBe('conflict');

    const restored = await restoreRevision(db(), { actor: editor, documentId: doc.id, input: { revision: '1', version: '2' } });
    expect(restored.version).toBe(3);
    expect(restored.title).toBe('Queue backlog delayed emails');
    expect(restored.fields.rootCause).toEqual(doc.fields.rootCause);
    expect(restored.actionItems.map((a) => a.title)).toEqual(['Add a dead-letter queue']);
    expect(restored.computed.impactMinutes).toBe(1480);
    const revs = await listRevisions(db(), { actor: editor, documentId: doc.id });
    expect(revs.map((r) => r.event)).toEqual(['create', 'edit', 'restore']);
    expect(revs[2].note).toMatch(/version 1/);
    expect((await getRevision(db(), { actor: editor, documentId: doc.id, version: 2 })).snapshot.title).toBe('Renamed');
    // The restored content equals version 1 field by field.
    expect((await diffRevisions(db(), { actor: editor, documentId: doc.id, range: { from: 1, to: 3 } })).fields).toEqual([]);
  });

  it('keeps the current status of an action item when restoring', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput() });
    await updateDocument(db(), { actor: editor, id: doc.id, input: { version: 1, fields: { environment: 'staging' } } });
    const item = doc.actionItems[0];
    await updateActionItem(db(), { actor: editor, id: item.id, input: { version: item.version, status: 'done' } });
    // The status change is a revision of its own (version 3), so the restore names version 3.
    const restored = await restoreRevision(db(), { actor: editor, documentId: doc.id, input: { revision: 1, version: 3 } });
    expect(restored.fields.environment).toBe('production');
    expect(restored.actionItems).toHaveLength(1);
    expect(restored.actionItems[0]).toMatchObject({ id: item.id, status: 'done' });
  });

  it('refuses to restore a published document until it is reopened; transitions are revisions', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput() });
    await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: 1 } });
    await transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: 2 } });
    const refused = await failure(restoreRevision(db(), { actor: editor, documentId: doc.id, input: { revision: 1, version: 3 } }));
    expect(refused.status).toBe(409);
    expect(refused.code).toBe('read_only');
    expect(refused.message).toMatch(/[Rr]eopen/);
    // The model refuses a restore-event update too (no bypass).
    expect(
      (await failure(updateDocument(db(), { actor: editor, id: doc.id, input: { version: 3, title: 'x' }, event: 'restore' }))).code,
    ).toBe('read_only');
    await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'draft', version: 3 } });
    const revs = await listRevisions(db(), { actor: editor, documentId: doc.id });
    expect(revs.filter((r) => r.event === 'transition').map((r) => r.note)).toEqual([
      'draft → in_review',
      'in_review → published',
      'published → draft',
    ]);
    expect((await restoreRevision(db(), { actor: editor, documentId: doc.id, input: { revision: 1, version: 4 } })).status).toBe('draft');
    expect((await failure(restoreRevision(db(), { actor: viewer, documentId: doc.id, input: { revision: 1, version: 5 } }))).status).toBe(
      404,
    );
  });

  it('refuses to submit with every missing item listed at once', async () => {
    const doc = await createDocument(db(), { actor: editor, input: { template: 'blameless-rca', title: 'Bare' } });
    const e = await failure(transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: 1 } }));
    expect(e.status).toBe(422);
    expect(e.issues!.map((i) => i.path.join('.'))).toEqual([
      'fields.startedAt',
      'fields.endedAt',
      'fields.timeline',
      'fields.symptoms',
      'fields.whatHappened',
      'fields.rootCause',
      'fields.nextSteps',
    ]);
    expect((await getDocument(db(), { actor: editor, id: doc.id })).status).toBe('draft');
  });
});

describeEachBackend('action items across documents', (db) => {
  let editor: Actor;
  let viewer: Actor;
  let draftId: string;
  beforeAll(async () => {
    editor = await createTestActor(db(), 'editor');
    const reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    const steps = (prefix: string) => [
      { title: `${prefix} overdue prevent`, kind: 'prevent', owner: 'Ada Lovelace', dueDate: '2016-07-01' },
      { title: `${prefix} later detect`, kind: 'detect', owner: 'grace hopper', dueDate: '2016-08-01' },
      { title: `${prefix} no date`, kind: 'process', owner: 'Ada Lovelace' },
      { title: `${prefix} done`, kind: 'mitigate', owner: 'Ada Lovelace', dueDate: '2016-06-01', status: 'done' },
    ];
    const pub = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ title: 'Published one', fields: { nextSteps: steps('P') } }),
    });
    await transitionDocument(db(), { actor: editor, id: pub.id, input: { to: 'in_review', version: 1 } });
    await transitionDocument(db(), { actor: reviewer, id: pub.id, input: { to: 'published', version: 2 } });
    draftId = (await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Draft one', fields: { nextSteps: steps('D') } }) }))
      .id;
  });
  const list = (actor: Actor, q: Record<string, string> = {}) =>
    listActionItems(db(), { actor, filter: ActionItemFilterSchema.parse(q), today: TODAY });

  it('lists the items an actor may read, soonest due first, undated last', async () => {
    const all = await list(editor);
    expect(all.items).toHaveLength(8);
    expect(all.items.map((i) => i.dueDate)).toEqual([
      '2016-06-01',
      '2016-06-01',
      '2016-07-01',
      '2016-07-01',
      '2016-08-01',
      '2016-08-01',
      null,
      null,
    ]);
    const seen = await list(viewer);
    expect(seen.items.map((i) => i.title).sort()).toEqual(['P done', 'P later detect', 'P no date', 'P overdue prevent']);
    expect(seen.items.every((i) => i.documentTitle === 'Published one')).toBe(true);
  });

  it('filters by status, owner (any case), kind and overdue', async () => {
    expect((await list(editor, { status: 'done' })).items.map((i) => i.title).sort()).toEqual(['D done', 'P done']);
    expect((await list(editor, { owner: 'Grace Hopper' })).items.map((i) => i.title).sort()).toEqual(['D later detect', 'P later detect']);
    expect((await list(editor, { kind: 'process' })).items).toHaveLength(2);
    const overdue = await list(editor, { overdue: 'true' });
    expect(overdue.items.map((i) => i.title).sort()).toEqual(['D overdue prevent', 'P overdue prevent']);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    expect((await list(editor, { overdue: 'true', owner: 'ada lovelace', kind: 'prevent', status: 'open' })).items).toHaveLength(2);
    expect(ActionItemFilterSchema.safeParse({ status: 'finished' }).success).toBe(false);
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(editor, { limit: '3', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(8);
  });

  it('counts open, in progress, overdue and done for what the actor may read', async () => {
    expect(await countActionItems(db(), { actor: editor, today: TODAY })).toMatchObject({ open: 6, inProgress: 0, overdue: 2, done: 2 });
    expect(await countActionItems(db(), { actor: viewer, today: TODAY })).toMatchObject({ open: 3, overdue: 1, done: 1 });
  });

  it('moves an item through its statuses with a version check; a stale version never overwrites', async () => {
    const doc = await getDocument(db(), { actor: editor, id: draftId });
    const item = doc.actionItems.find((i) => i.title === 'D no date')!;
    const started = await updateActionItem(db(), { actor: editor, id: item.id, input: { version: item.version, status: 'in_progress' } });
    expect(started).toMatchObject({ status: 'in_progress', version: item.version + 1, completedAt: null });
    const done = await updateActionItem(db(), { actor: editor, id: item.id, input: { version: started.version, status: 'done' } });
    expect(done.completedAt).toMatch(/Z$/);
    const stale = await failure(
      updateActionItem(db(), { actor: editor, id: item.id, input: { version: started.version, status: 'wont_do' } }),
    );
    expect(stale.status).toBe(409);
    expect(stale.code).toBe('conflict');
    expect((await getDocument(db(), { actor: editor, id: draftId })).actionItems.find((i) => i.id === item.id)!.status).toBe('done');
    const reopened = await updateActionItem(db(), { actor: editor, id: item.id, input: { version: done.version, status: 'open' } });
    expect(reopened.completedAt).toBeNull();
    expect(
      (await failure(updateActionItem(db(), { actor: viewer, id: item.id, input: { version: reopened.version, status: 'done' } }))).status,
    ).toBe(403);
    expect((await failure(updateActionItem(db(), { actor: editor, id: 'nope', input: { version: 1, status: 'done' } }))).status).toBe(404);
    expect(
      (await failure(updateActionItem(db(), { actor: editor, id: item.id, input: { version: reopened.version, status: 'finished' } })))
        .status,
    ).toBe(400);
  });

  it('stores the computed facts for queries', async () => {
    const rows = await db()
      .select({ impact: documents.impactMinutes, computed: documents.computed })
      .from(documents)
      .where(sql`${documents.id} = ${draftId}`);
    expect(rows[0].impact).toBe(1480);
    expect(rows[0].computed).toMatchObject({ impactMinutes: 1480, timeToDetectMinutes: 26 });
  });
});
