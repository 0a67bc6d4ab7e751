import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { reminderSends, templates, users } from '../../db/schema';
import { logError } from '~/lib/log.server';
import { startPolling } from '~/lib/polling.server';
import { type NewNotification, addNotifications } from '~/models/notification.server';
import { myAssignments } from '~/models/review-request.server';
import { toActor } from '~/models/user.server';
import { rowsOf } from '~/models/webhook-event.server';

// Reminders that get reviews written (docs/decisions/027-email-and-reminders.md). runReminders reads the clock it is
// given, so tests move a fake one; every reminder is keyed by what it is about and its period, and the key is written
// in reminder_sends in the transaction of the notice: a second run in the same period — in this process or another —
// sends nothing. The schedule runs it hourly.

export const DEFAULT_RCA_DUE_WORKING_DAYS = 5;
export const DUE_SOON_DAYS = 3;
const DAY_MS = 86_400_000;

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const dateMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const daysBetween = (from: string, to: string) => Math.round((dateMs(to) - dateMs(from)) / DAY_MS);
const plusDays = (d: string, n: number) => isoDate(new Date(dateMs(d) + n * DAY_MS));

/** The date `n` working days (Monday to Friday) after `date`, in UTC. */
export function addWorkingDays(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = plusDays(d, 1);
    const dow = new Date(dateMs(d)).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return d;
}

/** Monday of the (ISO) week `date` is in. */
export const weekStart = (date: string) => plusDays(date, -((new Date(dateMs(date)).getUTCDay() + 6) % 7));

export type OverdueRca = { documentId: string; title: string; authorId: string; dueDate: string; daysLate: number; workingDays: number };

/** Draft RCAs past their due date at `today` (the incident's end + the template's working days), oldest due first. */
export async function overdueRcas(db: Database, opts: { today: string; authorId?: string }): Promise<OverdueRca[]> {
  const rows = rowsOf<{
    id: string;
    title: string;
    author_id: string;
    ended_at: string | Date;
    template_key: string;
    template_version: number;
  }>(
    await db.execute(sql`
      select id, title, author_id, ended_at, template_key, template_version from documents
      where kind = 'rca' and status = 'draft' and ended_at is not null and author_id is not null
        and ended_at < ${plusDays(opts.today, 1)}::timestamptz
        ${opts.authorId ? sql`and author_id = ${opts.authorId}` : sql``}
      order by ended_at, id limit 2000`),
  );
  const keys = [...new Set(rows.map((r) => r.template_key))];
  const defs = keys.length
    ? await db
        .select({ key: templates.key, version: templates.version, definition: templates.definition })
        .from(templates)
        .where(inArray(templates.key, keys))
    : [];
  const days = new Map(
    defs.map((t) => [
      `${t.key}@${t.version}`,
      (t.definition as { rcaDueWorkingDays?: number }).rcaDueWorkingDays ?? DEFAULT_RCA_DUE_WORKING_DAYS,
    ]),
  );
  return rows.flatMap((r) => {
    const workingDays = days.get(`${r.template_key}@${r.template_version}`) ?? DEFAULT_RCA_DUE_WORKING_DAYS;
    const dueDate = addWorkingDays(isoDate(new Date(r.ended_at)), workingDays);
    if (dueDate > opts.today) return [];
    return [{ documentId: r.id, title: r.title, authorId: r.author_id, dueDate, workingDays, daysLate: daysBetween(dueDate, opts.today) }];
  });
}

/** Send one reminder unless its key was sent: the key and the notice are written together, or neither. */
async function remindOnce(db: Database, key: string, now: Date, notice: NewNotification): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(reminderSends)
      .values({ key, userId: notice.userId, sentAt: now })
      .onConflictDoNothing()
      .returning({ key: reminderSends.key });
    if (!claimed.length) return false;
    await addNotifications(tx, [notice]);
    return true;
  });
}

const quote = (s: string) => `“${s.length > 80 ? `${s.slice(0, 79)}…` : s}”`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export type ReminderRun = { rcaDue: number; dueSoon: number; overdue: number; summaries: number };

/**
 * Everything due at `now`: RCAs still a draft past their due date (then weekly), action items due within 3 days (once
 * per due date) and overdue (then weekly) to their owner's account, and each person's weekly summary (once a week,
 * from Monday). Idempotent per period.
 */
export async function runReminders(db: Database, now: Date): Promise<ReminderRun> {
  const today = isoDate(now);
  const run: ReminderRun = { rcaDue: 0, dueSoon: 0, overdue: 0, summaries: 0 };

  const rcas = await overdueRcas(db, { today });
  for (const r of rcas) {
    const week = Math.floor(r.daysLate / 7);
    const summary =
      week === 0
        ? `${quote(r.title)} is still a draft ${plural(r.workingDays, 'working day')} after the incident ended: finish the RCA and send it for review.`
        : `${quote(r.title)} is still a draft, ${plural(r.daysLate, 'day')} past its due date (${r.dueDate}).`;
    if (
      await remindOnce(db, `rca_due:${r.documentId}:${week}`, now, {
        userId: r.authorId,
        kind: 'rca_due',
        documentId: r.documentId,
        summary,
      })
    )
      run.rcaDue++;
  }

  const items = rowsOf<{ id: string; title: string; due_date: string; owner_user_id: string; document_id: string; doc_title: string }>(
    await db.execute(sql`
      select ai.id, ai.title, ai.due_date::text as due_date, ai.owner_user_id, ai.document_id, d.title as doc_title
      from action_items ai join documents d on d.id = ai.document_id
      where ai.owner_user_id is not null and ai.status in ('open', 'in_progress') and d.status <> 'archived'
        and ai.due_date <= ${plusDays(today, DUE_SOON_DAYS)}::date
      order by ai.due_date, ai.id limit 5000`),
  );
  for (const i of items) {
    const base = { userId: i.owner_user_id, documentId: i.document_id } as const;
    if (i.due_date >= today) {
      const days = daysBetween(today, i.due_date);
      const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days (${i.due_date})`;
      if (
        await remindOnce(db, `action_due_soon:${i.id}:${i.due_date}`, now, {
          ...base,
          kind: 'action_due_soon',
          summary: `Your action item ${quote(i.title)} on ${quote(i.doc_title)} is due ${when}.`,
        })
      )
        run.dueSoon++;
    } else {
      const late = daysBetween(i.due_date, today);
      if (
        await remindOnce(db, `action_overdue:${i.id}:${i.due_date}:${Math.floor((late - 1) / 7)}`, now, {
          ...base,
          kind: 'action_overdue',
          summary: `Your action item ${quote(i.title)} on ${quote(i.doc_title)} is overdue: it was due ${i.due_date} (${plural(late, 'day')} ago).`,
        })
      )
        run.overdue++;
    }
  }

  run.summaries = await sendWeeklySummaries(db, { now, today, rcas });
  return run;
}

/** Each person with something waiting on them gets one summary a week (the first run from Monday). */
async function sendWeeklySummaries(db: Database, opts: { now: Date; today: string; rcas: OverdueRca[] }): Promise<number> {
  const monday = weekStart(opts.today);
  const waiting = rowsOf<{ user_id: string }>(
    await db.execute(sql`
      select owner_user_id as user_id from action_items where owner_user_id is not null and status in ('open', 'in_progress')
      union
      select r.user_id from review_requests r join documents d on d.id = r.document_id where d.status in ('draft', 'in_review')`),
  ).map((r) => r.user_id);
  const ids = [...new Set([...waiting, ...opts.rcas.map((r) => r.authorId)])];
  if (!ids.length) return 0;
  const sent = new Set(
    (
      await db
        .select({ key: reminderSends.key })
        .from(reminderSends)
        .where(
          inArray(
            reminderSends.key,
            ids.map((id) => `weekly_summary:${id}:${monday}`),
          ),
        )
    ).map((r) => r.key),
  );
  const people = await db
    .select()
    .from(users)
    .where(
      and(
        inArray(
          users.id,
          ids.filter((id) => !sent.has(`weekly_summary:${id}:${monday}`)),
        ),
        isNull(users.disabledAt),
      ),
    );
  let count = 0;
  for (const u of people) {
    const summary = await weeklySummaryText(db, { user: u, today: opts.today, rcas: opts.rcas.filter((r) => r.authorId === u.id) });
    if (!summary) continue;
    if (await remindOnce(db, `weekly_summary:${u.id}:${monday}`, opts.now, { userId: u.id, kind: 'weekly_summary', summary })) count++;
  }
  return count;
}

/** One line of what waits on a person, or null when nothing does. */
export async function weeklySummaryText(
  db: Database,
  opts: { user: typeof users.$inferSelect; today: string; rcas: OverdueRca[] },
): Promise<string | null> {
  const a = await myAssignments(db, { actor: toActor(opts.user, 'system'), today: opts.today });
  const parts: string[] = [];
  const titles = (list: string[]) => `: ${list.slice(0, 3).map(quote).join(', ')}${list.length > 3 ? ', …' : ''}`;
  if (a.actionItems.length) {
    const overdue = a.actionItems.filter((i) => i.overdue).length;
    parts.push(
      `${a.moreActionItems ? 'more than ' : ''}${plural(a.actionItems.length, 'open action item')}${overdue ? ` (${overdue} overdue)` : ''}${titles(a.actionItems.map((i) => i.title))}`,
    );
  }
  if (a.reviews.length) parts.push(`${plural(a.reviews.length, 'review')} asked of you${titles(a.reviews.map((r) => r.title))}`);
  if (a.signoffs.length) parts.push(`${plural(a.signoffs.length, 'sign-off')} asked of you${titles(a.signoffs.map((r) => r.title))}`);
  if (opts.rcas.length) parts.push(`${plural(opts.rcas.length, 'RCA')} past due${titles(opts.rcas.map((r) => r.title))}`);
  return parts.length ? `This week, waiting on you: ${parts.join('; ')}.` : null;
}

export type ReminderSchedule = { stop: () => Promise<void> };

/**
 * Run the reminders `firstAfterMs` after start (10 min: a server restarted often still runs them, and a short-lived
 * one — a test server, a CLI — sends nothing) and then `intervalMs` (an hour) after each run ends. The timers do not keep the
 * process alive.
 */
export function startReminderSchedule(
  db: Database,
  opts: { intervalMs?: number; firstAfterMs?: number; now?: () => Date } = {},
): ReminderSchedule {
  return startPolling(
    async () => {
      await runReminders(db, (opts.now ?? (() => new Date()))());
    },
    {
      firstAfterMs: opts.firstAfterMs ?? 600_000,
      pollMs: opts.intervalMs ?? 3600_000,
      unref: true,
      onError: (e) => logError('Sending reminders failed; the next run tries again', e),
    },
  );
}
