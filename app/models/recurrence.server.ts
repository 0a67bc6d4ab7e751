import { eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client';
import { documents, incidentRecurrences, recurrenceChecks } from '../../db/schema';
import { logError, logger } from '~/lib/log.server';
import { similarIncidents } from '~/models/similar.server';
import type { Actor } from '~/models/types';

/** Only published RCAs are compared, and only with published RCAs: every reader may read both. */
const SYSTEM: Actor = { id: 'system:recurrences', email: 'recurrences', name: 'Recurrence check', role: 'admin', via: 'system' };

/**
 * Compare a published RCA with the earlier incidents (the five most similar, as its page shows them) and keep those
 * that are the same problem. Published documents are read-only, so this is done once per publication: on
 * publish, and in the background for RCAs published before recurrences were recorded. Returns how many it kept.
 */
export async function checkRecurrences(db: Database, id: string): Promise<number> {
  const [row] = await db
    .select({ publishedAt: documents.publishedAt, kind: documents.kind, status: documents.status })
    .from(documents)
    .where(eq(documents.id, id));
  if (row?.kind !== 'rca' || row.status !== 'published' || !row.publishedAt) return 0;
  const publishedAt = row.publishedAt;
  const same = (await similarIncidents(db, { actor: SYSTEM, id })).filter((s) => s.sameProblem);
  await db.transaction(async (tx) => {
    await tx.delete(incidentRecurrences).where(eq(incidentRecurrences.documentId, id));
    if (same.length)
      await tx
        .insert(incidentRecurrences)
        .values(same.map((s) => ({ documentId: id, earlierId: s.id })))
        .onConflictDoNothing();
    await tx
      .insert(recurrenceChecks)
      .values({ documentId: id, publishedAt })
      .onConflictDoUpdate({ target: recurrenceChecks.documentId, set: { publishedAt, checkedAt: new Date() } });
  });
  return same.length;
}

/** After a publish: a failed check is logged and left to the background pass, never a failed publish. */
export async function checkRecurrencesAfterPublish(db: Database, id: string): Promise<void> {
  try {
    await checkRecurrences(db, id);
  } catch (e) {
    logError(`Comparing ${id} with earlier incidents`, e);
  }
}

/** Published RCAs not yet compared since they were last published, newest incident first (what Insights shows first). */
export async function uncheckedRecurrences(db: Database, limit: number): Promise<string[]> {
  return rowsOf(
    await db.execute(sql`
      select d.id from documents d left join recurrence_checks c on c.document_id = d.id
       where d.kind = 'rca' and d.status = 'published' and (c.document_id is null or c.published_at is distinct from d.published_at)
       order by d.started_at desc nulls last, d.id
       limit ${limit}`),
  ).map((r) => String(r.id));
}

/**
 * The background pass: compares the unchecked RCAs one at a time while the server is idle (no request answered in
 * the last `idleMs`), resting between checks at least four times as long as a check took, so a large library
 * (restored, upgraded or synthetic) is worked through without holding up requests — on the embedded database every
 * query shares one connection. Under constant traffic it still goes on, one check per `busyEveryMs`. Stops when
 * nothing is left or when stopped.
 */
export function startRecurrenceBackfill(
  db: Database,
  opts: { minRestMs?: number; startAfterMs?: number; idle?: () => boolean; busyEveryMs?: number } = {},
) {
  const minRest = opts.minRestMs ?? 1_000;
  const busyEvery = opts.busyEveryMs ?? 30_000;
  const idle = opts.idle ?? (() => true);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let total = 0;
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
      timer.unref?.();
    });
  const done = (async () => {
    await rest(opts.startAfterMs ?? 0);
    let waited = 0;
    while (!stopped) {
      if (!idle() && waited < busyEvery) {
        await rest(minRest);
        waited += minRest;
        continue;
      }
      waited = 0;
      const t0 = performance.now();
      const [id] = await uncheckedRecurrences(db, 1);
      if (!id || stopped) break;
      await checkRecurrences(db, id);
      total += 1;
      await rest(Math.max(minRest, 4 * (performance.now() - t0)));
    }
    if (total) logger.info({ documents: total }, 'earlier incidents compared for recurrences');
  })().catch((e) => {
    if (!stopped) logError('Comparing published RCAs with earlier incidents', e);
  });
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await done;
    },
  };
}

export type RecurrenceKind = 'came_back' | 'still_open';
export type Recurrence = {
  id: string;
  title: string;
  startedAt: string | null;
  /** The earlier incidents it repeats, each with what became of its prevent actions. */
  earlier: { id: string; title: string; startedAt: string | null; kind: RecurrenceKind }[];
};
export type RecurrenceStats = {
  /** Recurring incidents by month (YYYY-MM): `came_back` when an earlier one's prevent actions were all done. */
  byMonth: Record<string, { cameBack: number; stillOpen: number }>;
  /** The ten latest recurring incidents of the period. */
  latest: Recurrence[];
  /** Incidents of the period compared with earlier ones so far (the background pass may still be going). */
  checked: number;
  incidents: number;
};

const LATEST = 10;

/**
 * Recurrences among the published RCAs of a period: `inPeriod` selects them on the table `documents` (qualified
 * columns), earlier incidents are `e`. An earlier incident counts when it has prevent actions: all done (it came back
 * anyway) or some still open.
 */
export async function recurrenceStats(db: Database, opts: { inPeriod: SQL }): Promise<RecurrenceStats> {
  const month = sql`to_char(documents.started_at at time zone 'UTC', 'YYYY-MM')`;
  const pairs = sql`
    from documents
    join incident_recurrences ir on ir.document_id = documents.id
    join documents e on e.id = ir.earlier_id and e.kind = 'rca' and e.status = 'published'
    cross join lateral (
      select count(*) filter (where a.status in ('open', 'in_progress'))::int as p_open,
             count(*) filter (where a.status = 'done')::int as p_done
        from action_items a where a.document_id = e.id and a.kind = 'prevent') p
   where ${opts.inPeriod} and (p.p_open > 0 or p.p_done > 0)`;
  const [months, latest, coverage] = await Promise.all([
    db.execute(sql`
      select month, count(*) filter (where came_back)::int as came_back, count(*) filter (where not came_back)::int as still_open
        from (select ${month} as month, bool_or(p.p_open = 0) as came_back ${pairs} group by documents.id, documents.started_at) x
       group by 1`),
    db.execute(sql`
      with top as (
        select documents.id, documents.started_at ${pairs}
         group by documents.id, documents.started_at
         order by documents.started_at desc nulls last, documents.id limit ${LATEST})
      select documents.id, documents.title, documents.started_at, e.id as earlier_id, e.title as earlier_title,
             e.started_at as earlier_started_at, p.p_open ${pairs} and documents.id in (select id from top)
       order by documents.started_at desc nulls last, documents.id, e.started_at desc nulls last, e.id`),
    db.execute(sql`
      select count(*)::int as incidents, count(c.document_id)::int as checked
        from documents left join recurrence_checks c on c.document_id = documents.id and c.published_at = documents.published_at
       where ${opts.inPeriod}`),
  ]);
  const byMonth: RecurrenceStats['byMonth'] = {};
  for (const r of rowsOf(months)) byMonth[String(r.month)] = { cameBack: Number(r.came_back), stillOpen: Number(r.still_open) };
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  const list = new Map<string, Recurrence>();
  for (const r of rowsOf(latest)) {
    const id = String(r.id);
    const item = list.get(id) ?? { id, title: String(r.title), startedAt: iso(r.started_at), earlier: [] };
    item.earlier.push({
      id: String(r.earlier_id),
      title: String(r.earlier_title),
      startedAt: iso(r.earlier_started_at),
      kind: Number(r.p_open) > 0 ? 'still_open' : 'came_back',
    });
    list.set(id, item);
  }
  const c = rowsOf(coverage)[0] ?? {};
  return { byMonth, latest: [...list.values()], checked: Number(c.checked ?? 0), incidents: Number(c.incidents ?? 0) };
}
