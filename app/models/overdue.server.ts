import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { users } from '../../db/schema';
import { forbidden } from '~/lib/errors.server';
import { overdueRcas } from '~/models/reminder.server';
import type { Actor } from '~/models/types';
import { rowsOf } from '~/models/webhook-event.server';

export const OVERDUE_PAGE_SIZE = 50;

/** The page's query: a page number for each list; anything else falls back to the first page. */
export const OverdueQuerySchema = z.object({
  rcaPage: z.coerce.number().int().min(1).max(10_000).catch(1),
  itemPage: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type OverdueRcaRow = { documentId: string; title: string; owner: string; dueDate: string; daysLate: number };
export type OverdueItemRow = {
  id: string;
  title: string;
  documentId: string;
  documentTitle: string;
  owner: string;
  dueDate: string;
  daysLate: number;
};

/** Who is overdue (admins): draft RCAs past due by author, open action items past due by owner; each list paged. */
export async function listOverdue(
  db: Database,
  opts: { actor: Actor; today: string; rcaPage: number; itemPage: number },
): Promise<{ rcas: OverdueRcaRow[]; moreRcas: boolean; items: OverdueItemRow[]; moreItems: boolean }> {
  if (opts.actor.role !== 'admin') throw forbidden('Only admins see who is overdue.');
  const all = await overdueRcas(db, { today: opts.today });
  const authorIds = [...new Set(all.map((r) => r.authorId))];
  const names = new Map(
    (authorIds.length
      ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, authorIds))
      : []
    ).map((u) => [u.id, u.name || u.email]),
  );
  const rcas = all
    .map((r) => ({
      documentId: r.documentId,
      title: r.title,
      owner: names.get(r.authorId) ?? '',
      dueDate: r.dueDate,
      daysLate: r.daysLate,
    }))
    .sort((a, b) => a.owner.localeCompare(b.owner) || a.dueDate.localeCompare(b.dueDate) || a.documentId.localeCompare(b.documentId));
  const rcaStart = (opts.rcaPage - 1) * OVERDUE_PAGE_SIZE;
  const itemRows = rowsOf<{
    id: string;
    title: string;
    document_id: string;
    doc_title: string;
    owner: string;
    due_date: string;
    late: number;
  }>(
    await db.execute(sql`
      select ai.id, ai.title, ai.document_id, d.title as doc_title, coalesce(nullif(u.name, ''), u.email, ai.owner, '') as owner,
             ai.due_date::text as due_date, (${opts.today}::date - ai.due_date) as late
      from action_items ai join documents d on d.id = ai.document_id left join users u on u.id = ai.owner_user_id
      where ai.status in ('open', 'in_progress') and ai.due_date < ${opts.today}::date and d.status <> 'archived'
      order by 5, ai.due_date, ai.id
      limit ${OVERDUE_PAGE_SIZE + 1} offset ${(opts.itemPage - 1) * OVERDUE_PAGE_SIZE}`),
  );
  return {
    rcas: rcas.slice(rcaStart, rcaStart + OVERDUE_PAGE_SIZE),
    moreRcas: rcas.length > rcaStart + OVERDUE_PAGE_SIZE,
    items: itemRows.slice(0, OVERDUE_PAGE_SIZE).map((r) => ({
      id: r.id,
      title: r.title,
      documentId: r.document_id,
      documentTitle: r.doc_title,
      owner: r.owner,
      dueDate: r.due_date,
      daysLate: Number(r.late),
    })),
    moreItems: itemRows.length > OVERDUE_PAGE_SIZE,
  };
}
