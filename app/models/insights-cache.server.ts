import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client';
import { LruMap } from '~/lib/lru';
import { canEdit } from '~/models/access.server';
import { getInsights, type Insights, type InsightsOptions } from '~/models/insights.server';

const caches = new WeakMap<object, LruMap<string, { stamp: string; value: Insights }>>();

/**
 * What every figure of Insights is derived from, in one look at two indexes (well under a millisecond at 100,000
 * documents): the latest change to a document (an action item's change, a publish or an archive bumps its document
 * too) and the latest recurrence check (the background pass writes no document). Documents are never deleted, only
 * archived; a restore from backup replaces them with rows of their own times.
 */
async function dataStamp(db: Database): Promise<string> {
  const [r] = rowsOf(
    await db.execute(sql`
      select (select max(updated_at) from documents)::text as changed, (select max(checked_at) from recurrence_checks)::text as checked`),
  );
  return `${r?.changed}|${r?.checked}`;
}

/**
 * Insights, computed again only when the data changed: at 100,000 documents the dozen aggregate queries take over a
 * second, and a dashboard is opened far more often than the library changes. Readers who see the same documents (all
 * for editors and admins, published for viewers) share an entry; the day and the month are part of the key.
 */
export async function getInsightsCached(db: Database, opts: InsightsOptions): Promise<Insights> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new LruMap(100)));
  const now = opts.now ?? new Date();
  const key = JSON.stringify([
    canEdit(opts.actor) ? 'all' : 'published',
    opts.months,
    opts.today,
    now.toISOString().slice(0, 7),
    opts.service?.toLowerCase() ?? null,
    opts.template ?? null,
  ]);
  const stamp = await dataStamp(db);
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.value;
  const value = await getInsights(db, { ...opts, now });
  cache.set(key, { stamp, value });
  return value;
}
