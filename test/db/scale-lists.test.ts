import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { formatCount } from '../../app/lib/count';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { seedSyntheticDocuments } from '../../db/synthetic';
import { getDocument } from '../../app/models/document.server';
import { listRevisions } from '../../app/models/revision.server';
import { ActionItemFilterSchema, countActionItems, listActionItems } from '../../app/models/action-item.server';
import { DocumentFilterSchema, listDocuments } from '../../app/models/document-list.server';
import { LaunchListFilterSchema, countLaunchDecisions, listLaunchReviews } from '../../app/models/launch-decision.server';
import { onThisDay } from '../../app/models/reading.server';
import { rowsOf } from '../../db/client';
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

  /** What the /actions counts must be, counted the plain way: every item joined to its document. */
  async function truth(actor: Actor) {
    const published = actor.role === 'viewer' ? sql`and d.status = 'published'` : sql``;
    const [r] = rowsOf(
      await db().execute(sql`select
        count(*) filter (where a.status = 'open')::int as open,
        count(*) filter (where a.status = 'in_progress')::int as in_progress,
        count(*) filter (where a.status in ('open', 'in_progress') and a.due_date < ${today}::date)::int as overdue,
        count(*) filter (where a.status = 'done')::int as done,
        count(*) filter (where a.status = 'wont_do')::int as wont_do
        from action_items a join documents d on d.id = a.document_id where true ${published}`),
    );
    const n = (v: unknown) => Number(v);
    return { open: n(r.open), inProgress: n(r.in_progress), overdue: n(r.overdue), done: n(r.done), wontDo: n(r.wont_do) };
  }
  const capped = (n: number, cap: number) => Math.min(n, cap + 1);

  it('counts action items exactly below the cap and as cap + 1 ("1,000+") above it, for editors and viewers, and follows documents changing status', async () => {
    for (const actor of [editor, viewer]) {
      const want = await truth(actor);
      expect(await countActionItems(db(), { actor, today, cap: 100_000 })).toEqual({ ...want, cap: 100_000 });
      const small = await countActionItems(db(), { actor, today, cap: 20 });
      expect(small).toEqual({
        open: capped(want.open, 20),
        inProgress: capped(want.inProgress, 20),
        overdue: capped(want.overdue, 20),
        done: capped(want.done, 20),
        wontDo: capped(want.wontDo, 20),
        cap: 20,
      });
    }
    // A viewer reads the items of published documents only: the copy of each document's status on its items
    // (kept by the database) follows a publish, an archive, and an item added or moved later.
    const before = await truth(viewer);
    await db().execute(sql`update documents set status = 'archived' where status = 'published' and title like '%#1_'`);
    await db().execute(sql`update documents set status = 'published' where status = 'draft' and title like '%#2_'`);
    const moved = rowsOf(await db().execute(sql`select id from documents where status = 'published' and title like '%#2_' limit 1`))[0].id;
    await db().execute(
      sql`update action_items set document_id = ${moved} where id = (select a.id from action_items a join documents d on d.id = a.document_id where d.status = 'draft' limit 1)`,
    );
    const after = await truth(viewer);
    expect(after).not.toEqual(before);
    expect(await countActionItems(db(), { actor: viewer, today, cap: 100_000 })).toEqual({ ...after, cap: 100_000 });
    const stale = rowsOf(
      await db().execute(
        sql`select count(*)::int as n from action_items a join documents d on d.id = a.document_id where a.document_status <> d.status`,
      ),
    );
    expect(stale[0].n).toBe(0);
  });

  it('counts launch decisions capped the same way', async () => {
    const all = await countLaunchDecisions(db(), { actor: editor, cap: 100_000 });
    const small = await countLaunchDecisions(db(), { actor: editor, cap: 3 });
    expect(small).toEqual({ go: capped(all.go, 3), noGo: capped(all.noGo, 3), pending: capped(all.pending, 3), cap: 3 });
    expect(all.go).toBeGreaterThan(3);
    expect(formatCount(small.go, small.cap)).toBe('3+');
    expect(formatCount(1000, 1000)).toBe('1,000');
    expect(formatCount(1001, 1000)).toBe('1,000+');
    const viewerCounts = await countLaunchDecisions(db(), { actor: viewer, cap: 100_000 });
    const [r] = rowsOf(
      await db().execute(
        sql`select count(*) filter (where decision = 'go')::int as go, count(*) filter (where coalesce(decision, 'pending') = 'pending')::int as pending from documents where kind = 'checklist' and status = 'published'`,
      ),
    );
    expect(viewerCounts).toMatchObject({ go: r.go, pending: r.pending });
  });

  it('lists "on this day" as the plain filter would: published RCAs of the same week in the ten past years, newest first, five at most', async () => {
    const rcas = rowsOf(
      await db().execute(sql`select id, started_at from documents where kind = 'rca' and status = 'published' and started_at is not null`),
    ).map((r) => ({ id: r.id as string, at: new Date(r.started_at as string) }));
    // Days that have such incidents, so the check is not of an empty list.
    const days = [...new Set(rcas.map((r) => r.at.toISOString().slice(5, 10)))].slice(0, 6);
    let found = 0;
    for (const md of days) {
      const now = new Date(`2027-${md}T12:00:00Z`);
      if (Number.isNaN(now.getTime())) continue; // 29 February
      const want = rcas
        .filter((r) =>
          Array.from({ length: 10 }, (_, i) => Date.UTC(now.getUTCFullYear() - i - 1, now.getUTCMonth(), now.getUTCDate())).some(
            (c) => r.at.getTime() >= c - 3 * 86_400_000 && r.at.getTime() < c + 4 * 86_400_000,
          ),
        )
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .slice(0, 5);
      const got = await onThisDay(db(), { actor: viewer, now });
      expect(got.map((g) => g.startedAt)).toEqual(want.map((w) => w.at.toISOString()));
      found += got.length;
    }
    expect(found).toBeGreaterThan(0);
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
