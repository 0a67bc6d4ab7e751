import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * Keyset cursors: the sort key of the last row of a page, so the next page is `key > last` read from an index
 * (constant cost at any depth), not `offset n` (reads and drops n rows). Opaque to clients: base64url of
 * `k:` + a JSON array. A cursor handed out before keyset paging (`o:<offset>`) still works as an offset.
 */
export type Cursor = { keyset: string[] } | { offset: number } | null;

export const encodeCursor = (values: string[]) => Buffer.from(`k:${JSON.stringify(values)}`).toString('base64url');

export function decodeCursor(cursor: string | undefined, arity: number): Cursor {
  if (!cursor) return null;
  const text = Buffer.from(cursor, 'base64url').toString();
  const offset = /^o:(\d{1,9})$/.exec(text);
  if (offset) return { offset: Number(offset[1]) };
  if (!text.startsWith('k:')) return null;
  try {
    const values = JSON.parse(text.slice(2)) as unknown;
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' && v.length <= 400))
      return { keyset: values as string[] };
  } catch {
    /* not ours: the first page */
  }
  return null;
}

/** A timestamp as exact text (microseconds, UTC) for a cursor: a JS Date keeps milliseconds only. */
export const exactInstant = (column: SQLWrapper) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `(a, b, c) > (x, y, z)` (or `<`): one row comparison, which PostgreSQL answers from a matching index. */
export function afterKey(columns: SQL[], values: SQL[], direction: '>' | '<'): SQL {
  return sql`(${sql.join(columns, sql`, `)}) ${sql.raw(direction)} (${sql.join(values, sql`, `)})`;
}
