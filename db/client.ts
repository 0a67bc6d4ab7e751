import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { acquireDataDirLock } from './lock';

/** One handle type for both drivers; a union of the two drivers' types cannot be called. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export type OpenDatabase = {
  db: Database;
  kind: DatabaseKind;
  /** Where it lives, for messages (a data folder or a URL without its password). */
  location: string;
  close: () => Promise<void>;
};

/** Called with every statement drizzle sends (tests count round trips with it). */
export type QueryListener = (query: string, params: unknown[]) => void;

export type OpenDatabaseOptions =
  | { url: string; migrate?: boolean; onQuery?: QueryListener }
  /** `dataDir: null` opens an in-memory database; `loadDataDir` starts from a dump (tests). */
  | { dataDir: string | null; migrate?: boolean; loadDataDir?: Blob | File; onQuery?: QueryListener };

// Resolved from this file, which lives in db/ in the source tree and in build/ once bundled.
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../db/migrations', import.meta.url));

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/** Connections one process opens to a PostgreSQL server. */
export const SERVER_POOL_MAX = 10;
/** How this process's connections are named in pg_stat_activity (the metrics count them by it). */
export const APPLICATION_NAME = `kaizen-${os.hostname()}-${process.pid}`.slice(0, 63);

const loggerOf = (onQuery: QueryListener | undefined) => (onQuery ? { logQuery: onQuery } : undefined);

/** The one database client factory: postgres.js for a server URL, PGlite otherwise. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenDatabase> {
  if ('url' in opts) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(opts.url, { max: SERVER_POOL_MAX, onnotice: () => {}, connect_timeout: 10, connection: { application_name: APPLICATION_NAME } });
    const db = drizzle({ client, schema, logger: loggerOf(opts.onQuery) }) as unknown as Database;
    try {
      await client`select 1`;
      if (opts.migrate !== false) {
        const { migrate } = await import('drizzle-orm/postgres-js/migrator');
        await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
      }
    } catch (e) {
      await client.end({ timeout: 1 });
      throw e;
    }
    return { db, kind: 'postgres', location: redactUrl(opts.url), close: () => client.end({ timeout: 5 }) };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let release = () => {};
  let dir: string | undefined;
  if (opts.dataDir) {
    release = acquireDataDirLock(opts.dataDir);
    dir = path.join(path.resolve(opts.dataDir), 'pg');
    fs.mkdirSync(path.dirname(dir), { recursive: true });
  }
  try {
    const client = await PGlite.create(dir ? { dataDir: dir, loadDataDir: opts.loadDataDir } : { loadDataDir: opts.loadDataDir });
    const db = drizzle({ client, schema, logger: loggerOf(opts.onQuery) }) as unknown as Database;
    if (opts.migrate !== false) {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
    return {
      db,
      kind: 'pglite',
      location: dir ?? 'memory',
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
