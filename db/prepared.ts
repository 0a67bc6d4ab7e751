import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database } from './client';

const byHandle = new WeakMap<object, Map<string, unknown>>();

/**
 * A query built once per database handle with drizzle's `.prepare()`, so that its SQL text is not built again on every
 * call (drizzle's query building was the largest share of our own CPU time per page; decision 034). `build` receives
 * the handle and returns the prepared query; its values are `sql.placeholder(…)`s filled at `execute`. A prepared query
 * runs on the handle it was built on, so a transaction gets one built for it alone, not kept.
 */
export function preparedQuery<T>(db: unknown, name: string, build: (db: Database) => T): T {
  const handle = db as Database;
  if (is(db, PgTransaction)) return build(handle);
  let queries = byHandle.get(handle);
  if (!queries) byHandle.set(handle, (queries = new Map()));
  let q = queries.get(name) as T | undefined;
  if (q === undefined) queries.set(name, (q = build(handle)));
  return q;
}
