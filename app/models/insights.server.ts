import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Actor } from '~/models/types';
import { documentAccess } from '~/models/access.server';

export type MonthRow = {
  month: string;
  incidents: number;
  sev1: number;
  sev2: number;
  impactMinutes: number;
  meanDetectMinutes: number | null;
  meanResolveMinutes: number | null;
};
export type ServiceRow = { service: string; incidents: number; impactMinutes: number };
export type ActionStats = { open: number; inProgress: number; done: number; wontDo: number; overdue: number };

/**
 * Trends over published RCAs (what leadership learns from), by month of the incident's start, for the last
 * `months` months, plus the services with the most impact and how action items are getting done. Reads only the
 * role columns (start, impact, time to detect and to resolve), so a template's own field keys do not matter.
 */
export async function getInsights(db: Database, opts: { actor: Actor; months: number; today: string }) {
  // Insights are over published documents only, and within what the actor may read.
  const access = documentAccess(opts.actor);
  const since = sql`date_trunc('month', now()) - make_interval(months => ${opts.months - 1})`;
  const monthly = await db.execute<Record<string, unknown>>(sql`
    select to_char(date_trunc('month', started_at), 'YYYY-MM') as month,
           count(*)::int as incidents,
           count(*) filter (where severity = 'SEV1')::int as sev1,
           count(*) filter (where severity = 'SEV2')::int as sev2,
           coalesce(sum(impact_minutes), 0)::int as impact_minutes,
           round(avg(time_to_detect_minutes))::int as mean_detect,
           round(avg(time_to_resolve_minutes))::int as mean_resolve
      from documents
     where kind = 'rca' and status = 'published' and ${access} and started_at >= ${since}
     group by 1 order by 1`);
  const services = await db.execute<Record<string, unknown>>(sql`
    select coalesce(service, '(none)') as service, count(*)::int as incidents, coalesce(sum(impact_minutes), 0)::int as impact_minutes
      from documents
     where kind = 'rca' and status = 'published' and ${access} and started_at >= ${since}
     group by 1 order by 3 desc, 2 desc, 1 limit 10`);
  const actions = await db.execute<Record<string, unknown>>(sql`
    select count(*) filter (where a.status = 'open')::int as open,
           count(*) filter (where a.status = 'in_progress')::int as in_progress,
           count(*) filter (where a.status = 'done')::int as done,
           count(*) filter (where a.status = 'wont_do')::int as wont_do,
           count(*) filter (where a.status in ('open', 'in_progress') and a.due_date < ${opts.today})::int as overdue
      from action_items a join documents on documents.id = a.document_id
     where documents.status = 'published' and ${access}`);
  const rows = (r: unknown) => (r as { rows?: Record<string, unknown>[] }).rows ?? (r as Record<string, unknown>[]);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const a = rows(actions)[0] ?? {};
  return {
    months: rows(monthly).map(
      (r): MonthRow => ({
        month: String(r.month),
        incidents: Number(r.incidents),
        sev1: Number(r.sev1),
        sev2: Number(r.sev2),
        impactMinutes: Number(r.impact_minutes),
        meanDetectMinutes: num(r.mean_detect),
        meanResolveMinutes: num(r.mean_resolve),
      }),
    ),
    services: rows(services).map(
      (r): ServiceRow => ({ service: String(r.service), incidents: Number(r.incidents), impactMinutes: Number(r.impact_minutes) }),
    ),
    actions: {
      open: Number(a.open ?? 0),
      inProgress: Number(a.in_progress ?? 0),
      done: Number(a.done ?? 0),
      wontDo: Number(a.wont_do ?? 0),
      overdue: Number(a.overdue ?? 0),
    } as ActionStats,
  };
}
