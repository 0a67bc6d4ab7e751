import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { COUNT_CAP } from '~/lib/count';

/**
 * `count(*)` of the rows `query` selects, reading at most cap + 1 of them: exact up to `cap`, cap + 1 meaning "more"
 * (app/lib/count.ts). The query should select a constant and be served by an index in the order it filters.
 */
export function cappedCount(query: SQLWrapper, cap: number = COUNT_CAP): SQL<number> {
  return sql<number>`(select count(*)::int from (${query} limit ${cap + 1}) as capped)`;
}
