import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client';
import { ACTION_KINDS, SEVERITIES } from '../../db/enums';
import type { Actor } from '~/models/types';
import { documentAccess } from '~/models/access.server';
import { recurrenceStats } from '~/models/recurrence.server';
import { addMonths, monthSeries as monthSeriesOf } from '~/lib/time';

/** A duration statistic in minutes: the median and the 90th percentile (means mislead on skewed durations). */
export type Spread = { median: number | null; p90: number | null };

export type MonthRow = {
  month: string /* YYYY-MM */;
  incidents: number;
  /** Incidents per severity (SEV1…SEV5) and without one (`none`). */
  severities: Record<string, number>;
  impactMinutes: number;
  detect: Spread;
  resolve: Spread;
  actionsCreated: number;
  actionsDone: number;
  launchesGo: number;
  launchesNoGo: number;
  launchesPending: number;
  /** Incidents that repeat an earlier one: its prevent actions were all done (came back) or some are still open. */
  recurrencesCameBack: number;
  recurrencesStillOpen: number;
};
export type ServiceRow = { service: string; incidents: number; impactMinutes: number };
/** A contributing-factor category: incidents with a factor in it, their total impact, and its count by month. */
export type FactorRow = { category: string; incidents: number; impactMinutes: number; byMonth: Record<string, number> };
export type KindRow = { kind: string; total: number; done: number; wontDo: number; open: number };
export type ActionStats = { open: number; inProgress: number; done: number; wontDo: number; overdue: number; byKind: KindRow[] };
export type LaunchStats = {
  launches: number;
  go: number;
  noGo: number;
  pending: number;
  blockers: number;
  blockersPerLaunch: number | null;
};

export type InsightsOptions = {
  actor: Actor;
  /** Months back from the current one (the current one included), or every month since the first record. */
  months: number | 'all';
  /** YYYY-MM-DD: action items due before this day are overdue. */
  today: string;
  /** Only documents of this service (any case) / this template key. */
  service?: string | null;
  template?: string | null;
  /** The clock (tests pass a fixed one). */
  now?: Date;
};

/** At most this many months are shown for "all time" (twenty years). */
const MAX_MONTHS = 240;

const monthKey = (d: Date) => d.toISOString().slice(0, 7);
/** Every month from `from` to `to`, both included (all time is capped at twenty years and one month). */
export const monthSeries = (from: string, to: string) => monthSeriesOf(from, to, MAX_MONTHS + 1);

const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
const int = (v: unknown) => Number(v ?? 0);

/**
 * Trends leadership can act on, over published RCAs (by the month each incident started, UTC), the action items of
 * published documents, and launch reviews (by launch month): every month of the period, empty months included.
 * Reads only role columns (start, impact, time to detect and to resolve, launch time), so a template's own field
 * keys do not matter, and only what the actor may read.
 */
export async function getInsights(db: Database, opts: InsightsOptions) {
  const access = documentAccess(opts.actor);
  const now = opts.now ?? new Date();
  const to = monthKey(now);
  const filters: SQL[] = [access];
  if (opts.service) filters.push(sql`lower(documents.service) = lower(${opts.service})`);
  if (opts.template) filters.push(sql`documents.template_key = ${opts.template}`);
  const where = sql.join(filters, sql` and `);

  let from: string;
  if (opts.months === 'all') {
    const [first] = rowsOf(
      await db.execute(sql`
        select to_char(min(least(started_at, launch_at)) at time zone 'UTC', 'YYYY-MM') as first
          from documents
         where ((kind = 'rca' and status = 'published') or (kind = 'checklist' and status in ('in_review', 'published')))
           and ${where}`),
    );
    // Months compare as text (YYYY-MM); a record dated in the future starts nothing after this month.
    const earliest = addMonths(to, -MAX_MONTHS + 1);
    const found = typeof first?.first === 'string' ? [first.first, to].sort()[0] : to;
    from = [found, earliest].sort()[1];
  } else {
    from = addMonths(to, -(Math.max(1, Math.min(opts.months, MAX_MONTHS)) - 1));
  }
  const since = `${from}-01T00:00:00Z`;
  const until = `${addMonths(to, 1)}-01T00:00:00Z`;
  const month = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM')`;
  const rcaInPeriod = sql`kind = 'rca' and status = 'published' and ${where} and started_at >= ${since}::timestamptz and started_at < ${until}::timestamptz`;
  const spreadColumns = sql`
    percentile_cont(0.5) within group (order by time_to_detect_minutes) as detect_median,
    percentile_cont(0.9) within group (order by time_to_detect_minutes) as detect_p90,
    percentile_cont(0.5) within group (order by time_to_resolve_minutes) as resolve_median,
    percentile_cont(0.9) within group (order by time_to_resolve_minutes) as resolve_p90`;

  // The same period with qualified columns, for queries that join documents to itself (recurrences).
  const rcaInPeriodQualified = sql`documents.kind = 'rca' and documents.status = 'published' and ${where}
    and documents.started_at >= ${since}::timestamptz and documents.started_at < ${until}::timestamptz`;
  const [incidents, totals, services, actionMonths, actionTotals, byKind, launchMonths, launchTotals, factors, recurrences] =
    await Promise.all([
      db.execute(sql`
      select ${month(sql`started_at`)} as month, coalesce(severity, 'none') as severity, count(*)::int as n,
             coalesce(sum(impact_minutes), 0)::int as impact
        from documents
       where ${rcaInPeriod}
       group by 1, 2`),
      db.execute(sql`
      select ${month(sql`started_at`)} as month, ${spreadColumns}
        from documents
       where ${rcaInPeriod}
       group by 1
      union all
      select null, ${spreadColumns}
        from documents
       where ${rcaInPeriod}`),
      db.execute(sql`
      select coalesce(service, '(none)') as service, count(*)::int as incidents, coalesce(sum(impact_minutes), 0)::int as impact_minutes
        from documents
       where ${rcaInPeriod}
       group by 1 order by 3 desc, 2 desc, 1 limit 10`),
      db.execute(sql`
      select m.month, sum(m.created)::int as created, sum(m.done)::int as done from (
        select ${month(sql`a.created_at`)} as month, 1 as created, 0 as done
          from action_items a join documents on documents.id = a.document_id
         where documents.status = 'published' and ${where} and a.created_at >= ${since}::timestamptz and a.created_at < ${until}::timestamptz
        union all
        select ${month(sql`a.completed_at`)}, 0, 1
          from action_items a join documents on documents.id = a.document_id
         where documents.status = 'published' and ${where} and a.status = 'done'
           and a.completed_at >= ${since}::timestamptz and a.completed_at < ${until}::timestamptz
      ) m group by 1`),
      db.execute(sql`
      select count(*) filter (where a.status = 'open')::int as open,
             count(*) filter (where a.status = 'in_progress')::int as in_progress,
             count(*) filter (where a.status = 'done')::int as done,
             count(*) filter (where a.status = 'wont_do')::int as wont_do,
             count(*) filter (where a.status in ('open', 'in_progress') and a.due_date < ${opts.today})::int as overdue
        from action_items a join documents on documents.id = a.document_id
       where documents.status = 'published' and ${where}`),
      db.execute(sql`
      select a.kind, count(*)::int as total,
             count(*) filter (where a.status = 'done')::int as done,
             count(*) filter (where a.status = 'wont_do')::int as wont_do,
             count(*) filter (where a.status in ('open', 'in_progress'))::int as open
        from action_items a join documents on documents.id = a.document_id
       where documents.status = 'published' and ${where}
       group by 1`),
      db.execute(sql`
      select ${month(sql`launch_at`)} as month,
             count(*) filter (where decision = 'go')::int as go,
             count(*) filter (where decision = 'no_go')::int as no_go,
             count(*) filter (where decision is null or decision = 'pending')::int as pending
        from documents
       where kind = 'checklist' and status in ('in_review', 'published') and ${where}
         and launch_at >= ${since}::timestamptz and launch_at < ${until}::timestamptz
       group by 1`),
      db.execute(sql`
      select count(*)::int as launches,
             (select count(*)::int from action_items a
               where a.kind = 'launch blocker' and a.document_id in (
                 select id from documents
                  where kind = 'checklist' and status in ('in_review', 'published') and ${where}
                    and launch_at >= ${since}::timestamptz and launch_at < ${until}::timestamptz)) as blockers
        from documents
       where kind = 'checklist' and status in ('in_review', 'published') and ${where}
         and launch_at >= ${since}::timestamptz and launch_at < ${until}::timestamptz`),
      // Contributing-factor categories: incidents and impact per category and month (an incident counts once per category).
      db.execute(sql`
      select c as category, ${month(sql`started_at`)} as month, count(*)::int as n, coalesce(sum(impact_minutes), 0)::int as impact
        from documents cross join lateral unnest(documents.factor_categories) as c
       where ${rcaInPeriod}
       group by 1, 2`),
      recurrenceStats(db, { inPeriod: rcaInPeriodQualified }),
    ]);

  const rows = new Map<string, MonthRow>(
    monthSeries(from, to).map((m) => [
      m,
      {
        month: m,
        incidents: 0,
        severities: Object.fromEntries([...SEVERITIES, 'none'].map((s) => [s, 0])),
        impactMinutes: 0,
        detect: { median: null, p90: null },
        resolve: { median: null, p90: null },
        actionsCreated: 0,
        actionsDone: 0,
        launchesGo: 0,
        launchesNoGo: 0,
        launchesPending: 0,
        recurrencesCameBack: recurrences.byMonth[m]?.cameBack ?? 0,
        recurrencesStillOpen: recurrences.byMonth[m]?.stillOpen ?? 0,
      },
    ]),
  );
  for (const r of rowsOf(incidents)) {
    const m = rows.get(String(r.month));
    if (!m) continue;
    m.incidents += int(r.n);
    m.severities[String(r.severity)] = (m.severities[String(r.severity)] ?? 0) + int(r.n);
    m.impactMinutes += int(r.impact);
  }
  let whole = { detect: { median: null, p90: null } as Spread, resolve: { median: null, p90: null } as Spread };
  for (const r of rowsOf(totals)) {
    const spread = {
      detect: { median: num(r.detect_median), p90: num(r.detect_p90) },
      resolve: { median: num(r.resolve_median), p90: num(r.resolve_p90) },
    };
    if (r.month === null) whole = spread;
    else {
      const m = rows.get(String(r.month));
      if (m) Object.assign(m, spread);
    }
  }
  for (const r of rowsOf(actionMonths)) {
    const m = rows.get(String(r.month));
    if (!m) continue;
    m.actionsCreated = int(r.created);
    m.actionsDone = int(r.done);
  }
  for (const r of rowsOf(launchMonths)) {
    const m = rows.get(String(r.month));
    if (!m) continue;
    m.launchesGo = int(r.go);
    m.launchesNoGo = int(r.no_go);
    m.launchesPending = int(r.pending);
  }
  const months = [...rows.values()];
  const byCategory = new Map<string, FactorRow>();
  for (const r of rowsOf(factors)) {
    const category = String(r.category);
    const row = byCategory.get(category) ?? { category, incidents: 0, impactMinutes: 0, byMonth: {} };
    row.incidents += int(r.n);
    row.impactMinutes += int(r.impact);
    row.byMonth[String(r.month)] = int(r.n);
    byCategory.set(category, row);
  }
  const a = rowsOf(actionTotals)[0] ?? {};
  const l = rowsOf(launchTotals)[0] ?? {};
  const kinds = new Map(rowsOf(byKind).map((r) => [String(r.kind), r]));
  const launches = int(l.launches);
  const blockers = int(l.blockers);
  return {
    range: { from, to },
    months,
    totals: {
      incidents: months.reduce((n, m) => n + m.incidents, 0),
      impactMinutes: months.reduce((n, m) => n + m.impactMinutes, 0),
      ...whole,
    },
    recurrences: { latest: recurrences.latest, checked: recurrences.checked, incidents: recurrences.incidents },
    factors: [...byCategory.values()].sort(
      (x, y) => y.incidents - x.incidents || y.impactMinutes - x.impactMinutes || x.category.localeCompare(y.category),
    ),
    services: rowsOf(services).map(
      (r): ServiceRow => ({ service: String(r.service), incidents: int(r.incidents), impactMinutes: int(r.impact_minutes) }),
    ),
    actions: {
      open: int(a.open),
      inProgress: int(a.in_progress),
      done: int(a.done),
      wontDo: int(a.wont_do),
      overdue: int(a.overdue),
      byKind: ACTION_KINDS.map((k): KindRow => {
        const r = kinds.get(k) ?? {};
        return { kind: k, total: int(r.total), done: int(r.done), wontDo: int(r.wont_do), open: int(r.open) };
      }),
    } satisfies ActionStats,
    launches: {
      launches,
      go: months.reduce((n, m) => n + m.launchesGo, 0),
      noGo: months.reduce((n, m) => n + m.launchesNoGo, 0),
      pending: months.reduce((n, m) => n + m.launchesPending, 0),
      blockers,
      blockersPerLaunch: launches ? Math.round((blockers / launches) * 10) / 10 : null,
    } satisfies LaunchStats,
  };
}

export type Insights = Awaited<ReturnType<typeof getInsights>>;
