import { and, asc, desc, eq, gte, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { actionItems, documents } from '../../db/schema';
import { canEdit, documentAccess } from '~/models/access.server';
import type { Actor } from '~/models/types';

const iso = <T extends { updatedAt: Date }>(rows: T[]) => rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));

/** The home page: the actor's work in progress (editors), overdue action items, upcoming launches, recent publications. */
export async function getHomeOverview(db: Database, opts: { actor: Actor; today: string; now: Date }) {
  const access = documentAccess(opts.actor);
  const editor = canEdit(opts.actor);
  const docCols = {
    id: documents.id,
    title: documents.title,
    status: documents.status,
    severity: documents.severity,
    updatedAt: documents.updatedAt,
  };
  const recent = (status: 'draft' | 'in_review') =>
    db
      .select(docCols)
      .from(documents)
      .where(and(access, eq(documents.status, status)))
      .orderBy(desc(documents.updatedAt))
      .limit(10);
  const [drafts, reviews, overdue, launches, published] = await Promise.all([
    editor ? recent('draft') : [],
    editor ? recent('in_review') : [],
    db
      .select({
        id: actionItems.id,
        title: actionItems.title,
        owner: actionItems.owner,
        dueDate: actionItems.dueDate,
        documentId: actionItems.documentId,
        documentTitle: documents.title,
      })
      .from(actionItems)
      .innerJoin(documents, eq(documents.id, actionItems.documentId))
      // In action_items_open_due_idx order (literal statuses so the planner can use that partial index): the first ten overdue.
      .where(
        and(
          access,
          sql`coalesce(${actionItems.dueDate}, 'infinity'::date) < ${opts.today}::date and ${actionItems.status} in ('open', 'in_progress')`,
        ),
      )
      .orderBy(sql`coalesce(${actionItems.dueDate}, 'infinity'::date)`, asc(actionItems.createdAt), asc(actionItems.id))
      .limit(10),
    db
      .select({ ...docCols, launchAt: documents.launchAt })
      .from(documents)
      .where(and(access, gte(documents.launchAt, opts.now), ne(documents.status, 'archived')))
      .orderBy(asc(documents.launchAt))
      .limit(10),
    db
      .select(docCols)
      .from(documents)
      .where(and(access, eq(documents.status, 'published')))
      .orderBy(desc(documents.updatedAt))
      .limit(5),
  ]);
  return {
    editor,
    drafts: iso(drafts),
    reviews: iso(reviews),
    overdue,
    launches: launches.map((l) => ({ ...l, updatedAt: l.updatedAt.toISOString(), launchAt: l.launchAt?.toISOString() ?? null })),
    published: iso(published),
  };
}
