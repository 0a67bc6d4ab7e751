import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { APPLICATION_NAME, MIGRATIONS_FOLDER, SERVER_POOL_MAX, type Database, type DatabaseKind } from '../../db/client';

export type Readiness = { ready: boolean; database: boolean; migrations: { applied: number; expected: number } | null; reason?: string };

/** The migrations this build ships (drizzle-kit's journal), read once. */
let expected: { count: number; newest: number } | null = null;
function shippedMigrations(): { count: number; newest: number } {
  if (!expected) {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
      entries: { when: number }[];
    };
    expected = { count: journal.entries.length, newest: Math.max(0, ...journal.entries.map((e) => e.when)) };
  }
  return expected;
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];

/**
 * Ready to serve: the database answers and every migration this build ships is applied (drizzle's migrator records
 * each one in drizzle.__drizzle_migrations with the journal's `when`). A process that started before a newer one
 * migrated stays ready (its migrations are a prefix of the newer list); one whose schema is behind is not.
 */
export async function checkReadiness(db: Database): Promise<Readiness> {
  const shipped = shippedMigrations();
  try {
    await db.execute(sql`select 1`);
  } catch {
    return { ready: false, database: false, migrations: null, reason: 'The database does not answer.' };
  }
  try {
    const [row] = rowsOf<{ n: number | string; newest: number | string | null }>(
      await db.execute(
        sql`select count(*) as n, max(created_at) as newest from drizzle.__drizzle_migrations where created_at <= ${shipped.newest}`,
      ),
    );
    const applied = Number(row?.n ?? 0);
    const ready = applied >= shipped.count && Number(row?.newest ?? 0) >= shipped.newest;
    return {
      ready,
      database: true,
      migrations: { applied, expected: shipped.count },
      ...(ready ? {} : { reason: 'Database migrations are not applied yet.' }),
    };
  } catch {
    // No migrations table at all: a database nobody has migrated.
    return {
      ready: false,
      database: true,
      migrations: { applied: 0, expected: shipped.count },
      reason: 'Database migrations are not applied yet.',
    };
  }
}

/** This process's database connections as PostgreSQL sees them (the embedded database has one, always). */
export async function databasePoolStats(
  db: Database,
  kind: DatabaseKind,
): Promise<{ up: boolean; max: number; connections: Record<string, number> }> {
  if (kind === 'pglite') {
    await db.execute(sql`select 1`);
    return { up: true, max: 1, connections: {} };
  }
  const rows = rowsOf<{ state: string; n: number | string }>(
    await db.execute(
      sql`select coalesce(state, 'unknown') as state, count(*) as n from pg_stat_activity where application_name = ${APPLICATION_NAME} and pid <> pg_backend_pid() group by 1`,
    ),
  );
  return { up: true, max: SERVER_POOL_MAX, connections: Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])) };
}
