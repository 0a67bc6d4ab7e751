import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { seedSyntheticDocuments } from '../../db/synthetic';
import { getDocument } from '../../app/models/document.server';
import { listRevisions } from '../../app/models/revision.server';
import { ActionItemFilterSchema, countActionItems, listActionItems } from '../../app/models/action-item.server';
import { DocumentFilterSchema, listDocuments } from '../../app/models/document-list.server';
import { LaunchListFilterSchema, countLaunchDecisions, listLaunchReviews } from '../../app/models/launch-decision.server';
import { DEMO_RCAS } from '../../db/demo/rcas';

import type { Actor } from '../../app/models/types';

/** The 250 copies and their prototypes. */
const TOTAL = 250 + 3 + DEMO_RCAS.length;

const today = new Date().toISOString().slice(0, 10);

/** Every page of a keyset-paged list, following nextCursor. */
async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const p = await page(cursor);
    out.push(...p.items);
    if (!p.nextCursor) return out;
    cursor = p.nextCursor;
  }
  throw new Error('the cursor never ended');
}

describeEachBackend('synthetic documents and keyset-paged lists', (db) => {
  let editor: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    editor = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    await seedSyntheticDocuments(db(), { count: 250, batch: 100 });
    // Ties on every sort key the cursors must get past: equal update times, due dates and creation times.
    await db().execute(sql`update documents set updated_at = '2026-01-01T00:00:00.123456Z' where title like '%#1_'`);
    await db().execute(
      sql`update action_items set due_date = '2026-01-01', created_at = '2026-01-01T00:00:00.654321Z' where title like 'Alert%' and document_id in (select id from documents where title like '%#2_')`,
    );
  }, 120_000);

  it('writes 250 documents (plus the prototypes: three and the demo library’s incidents) with three action items each, readable as the app reads any document', async () => {
    const docs = await listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ limit: 100 }) });
    expect(docs.items.length).toBe(100);
    const all = await allPages((cursor) =>
      listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ limit: 100, cursor }) }),
    );
    expect(all.length).toBe(TOTAL);
    expect(new Set(all.map((d) => d.status))).toEqual(new Set(['draft', 'in_review', 'published', 'archived']));
    expect(new Set(all.map((d) => d.templateKey))).toEqual(new Set(['blameless-rca', 'google-sre-postmortem', 'etsy-go-no-go']));
    const one = all.find((d) => d.title.endsWith('#7'))!;
    const view = await getDocument(db(), { actor: editor, id: one.id });
    expect(view.title).toBe(one.title);
    expect(view.actionItems).toHaveLength(3);
    const revisions = await listRevisions(db(), { actor: editor, documentId: one.id });
    expect(revisions).toHaveLength(1);
    const counts = await countActionItems(db(), { actor: editor, today });
    expect(counts.open + counts.inProgress + counts.done + counts.wontDo).toBe(TOTAL * 3);
    expect(counts.overdue).toBeGreaterThan(0);
  });

  it('pages documents by cursor in the same order as one long page, with no row twice or missing, also with a status filter', async () => {
    for (const filter of [{}, { status: 'published' }]) {
      const whole = await listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ ...filter, limit: 100 }) });
      const rest = await listDocuments(db(), {
        actor: editor,
        filter: DocumentFilterSchema.parse({ ...filter, limit: 100, cursor: whole.nextCursor ?? undefined }),
      });
      const paged = await allPages((cursor) =>
        listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ ...filter, limit: 7, cursor }) }),
      );
      expect(paged.map((d) => d.id).slice(0, 100 + rest.items.length)).toEqual([...whole.items, ...rest.items].map((d) => d.id));
      expect(new Set(paged.map((d) => d.id)).size).toBe(paged.length);
    }
    const searched = await allPages((cursor) =>
      listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ q: 'configuration', limit: 9, cursor }) }),
    );
    expect(new Set(searched.map((d) => d.id)).size).toBe(searched.length);
    expect(searched.length).toBeGreaterThan(100);
  });

  it('pages action items by cursor past ties, for editors and viewers, overdue or not', async () => {
    for (const actor of [editor, viewer]) {
      for (const filter of [{}, { overdue: 'true' }, { status: 'open' }]) {
        const paged = await allPages((cursor) =>
          listActionItems(db(), { actor, filter: ActionItemFilterSchema.parse({ ...filter, limit: 13, cursor }), today }),
        );
        const ids = paged.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        const order = paged.map((i) => i.dueDate ?? '9999-99-99');
        expect(order).toEqual([...order].sort());
        if (filter.overdue) expect(paged.every((i) => i.overdue)).toBe(true);
        if (actor === editor && !filter.overdue && !filter.status) expect(paged.length).toBe(TOTAL * 3);
      }
    }
    const viewerCounts = await countActionItems(db(), { actor: viewer, today });
    const viewerOverdue = await allPages((cursor) =>
      listActionItems(db(), { actor: viewer, filter: ActionItemFilterSchema.parse({ overdue: 'true', limit: 200, cursor }), today }),
    );
    expect(viewerCounts.overdue).toBe(viewerOverdue.length);
  });

  it('pages launch reviews by cursor and counts decisions over all of them', async () => {
    const paged = await allPages((cursor) =>
      listLaunchReviews(db(), { actor: editor, filter: LaunchListFilterSchema.parse({ limit: 6, cursor }) }),
    );
    expect(new Set(paged.map((l) => l.id)).size).toBe(paged.length);
    const counts = await countLaunchDecisions(db(), { actor: editor });
    expect(counts.go + counts.noGo + counts.pending).toBe(paged.length);
    // Each synthetic review carries two sign-offs on its current content.
    expect(paged.filter((l) => l.title.includes('#')).every((l) => l.go + l.noGo === 2)).toBe(true);
    expect(paged.some((l) => l.go === 2)).toBe(true);
    const times = paged.map((l) => l.launchAt ?? '');
    expect(times).toEqual([...times].sort().reverse());
  });

  it('still accepts a cursor handed out before keyset paging (an offset), and treats an unreadable one as the first page', async () => {
    const legacy = Buffer.from('o:5').toString('base64url');
    const first = await listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ limit: 10 }) });
    const offset = await listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ limit: 5, cursor: legacy }) });
    expect(offset.items.map((d) => d.id)).toEqual(first.items.slice(5, 10).map((d) => d.id));
    const junk = await listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ limit: 10, cursor: 'not-a-cursor' }) });
    expect(junk.items.map((d) => d.id)).toEqual(first.items.map((d) => d.id));
  });
});
