import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { acquireDataDirLock } from './lock';
import { PGLITE_START_PARAMS, copyPgliteTemplate, migrateAndAnalyze, vacuumAnalyze } from './setup';

/** One handle type for both drivers; a union of the two drivers' types cannot be called. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

/** The rows of a raw `db.execute(sql…)`: PGlite answers `{ rows }`, postgres.js an array. */
export const rowsOf = (r: unknown) => (r as { rows?: Record<string, unknown>[] }).rows ?? (r as Record<string, unknown>[]);

export type OpenDatabase = {
  db: Database;
  kind: DatabaseKind;
  /** Where it lives, for messages (a data folder or a URL without its password). */
  location: string;
  close: () => Promise<void>;
  /**
   * Run `fn` while no other process sets up this database: a PostgreSQL advisory lock (held on a connection of its
   * own) on a server, nothing more on PGlite, which one process owns through its lock file. Migrations, the built-in
   * template sync and the demo seed run inside it, so processes started together on a new database take turns.
   */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  /** A new embedded folder that started as a copy of the build's template with the demo content (`demo: true`). */
  demoFromTemplate?: boolean;
};

/** Called with every statement drizzle sends (tests count round trips with it). */
export type QueryListener = (query: string, params: unknown[]) => void;

export type OpenDatabaseOptions =
  /**
   * `preparedStatements` (default true): statements with parameters are prepared on each connection (see preparing);
   * false behind a transaction-mode pooler that cannot keep them (PgBouncer before 1.21).
   */
  | { url: string; migrate?: boolean; onQuery?: QueryListener; preparedStatements?: boolean }
  /**
   * `dataDir: null` opens an in-memory database; `loadDataDir` starts from a dump (tests). `maintain` runs VACUUM (ANALYZE)
   * every hour while open (the server; PGlite has no autovacuum). `demo`: a new folder starts from the build's template
   * with the demo content, when there is one (the caller wants demo content on a new database).
   */
  | {
      dataDir: string | null;
      migrate?: boolean;
      loadDataDir?: Blob | File;
      onQuery?: QueryListener;
      maintain?: boolean;
      demo?: boolean;
    };

const PGLITE_ANALYZE_EVERY_MS = 60 * 60 * 1000;

// Resolved from this file, which lives in db/ in the source tree and in build/ once bundled.
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../db/migrations', import.meta.url));

/** Any fixed 64-bit key, the same in every Kaizen process: pg_advisory_lock(SETUP_LOCK_KEY) serialises set-up. */
export const SETUP_LOCK_KEY = 4_202_611_017;

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/** Connections one process opens to a PostgreSQL server for its queries. */
export const QUERY_POOL_MAX = 10;
/**
 * Connections one process opens for rate-limit counters, whose commits do not wait for the WAL to reach the disk
 * (`synchronous_commit=off`): an upsert then costs a round trip (~0.3 ms here) instead of a flush (3–4 ms). A crash
 * can forget the last fraction of a second of counts, never corrupt them (docs/decisions/030-cached-pdf-fast-path.md).
 */
export const COUNTER_POOL_MAX = 3;
/** Connections one process may open to a PostgreSQL server, in all. */
export const SERVER_POOL_MAX = QUERY_POOL_MAX + COUNTER_POOL_MAX;

const counterDatabases = new WeakMap<Database, Database>();
/** Where rate-limit counters are written: the counters pool of a server database (see COUNTER_POOL_MAX), else `db`. */
export const counterDatabase = (db: Database): Database => counterDatabases.get(db) ?? db;
/** How this process's connections are named in pg_stat_activity (the metrics count them by it). */
export const APPLICATION_NAME = `kaizen-${os.hostname()}-${process.pid}`.slice(0, 63);

/**
 * A postgres.js client whose statements with parameters are prepared: drizzle asks for unnamed statements unless a query
 * is given a name, so PostgreSQL parsed and planned each again (the stored-PDF lookup: ~1 ms of planning for 0.7 ms of
 * work). postgres.js keeps prepared statements per connection by their text (the app's statements are a fixed set:
 * values are always parameters) until the connection is recycled (30–60 min), and prepares again one that a schema
 * change invalidated. Statements without parameters (migrations, `select 1`) use the simple protocol as before.
 * Statements in transactions (drizzle gives them the transaction's own client) are not prepared.
 */
function preparing<T extends { unsafe: (...args: never[]) => unknown }>(client: T): T {
  const unsafe = (query: string, params?: unknown[], options?: Record<string, unknown>) =>
    (client.unsafe as (q: string, p?: unknown[], o?: Record<string, unknown>) => unknown)(query, params, { ...options, prepare: true });
  return new Proxy(client, { get: (target, key, receiver) => (key === 'unsafe' ? unsafe : Reflect.get(target, key, receiver)) });
}

const loggerOf = (onQuery: QueryListener | undefined) => (onQuery ? { logQuery: onQuery } : undefined);

/** The one database client factory: postgres.js for a server URL, PGlite otherwise. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenDatabase> {
  if ('url' in opts) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(opts.url, {
      max: QUERY_POOL_MAX,
      onnotice: () => {},
      connect_timeout: 10,
      connection: { application_name: APPLICATION_NAME },
    });
    const prepared = opts.preparedStatements !== false;
    const db = drizzle({ client: prepared ? preparing(client) : client, schema, logger: loggerOf(opts.onQuery) }) as unknown as Database;
    // Opened on first use; connections idle for a minute are closed.
    const counterClient = postgres(opts.url, {
      max: COUNTER_POOL_MAX,
      idle_timeout: 60,
      onnotice: () => {},
      connect_timeout: 10,
      connection: { application_name: APPLICATION_NAME, synchronous_commit: 'off' },
    });
    counterDatabases.set(
      db,
      drizzle({
        client: prepared ? preparing(counterClient) : counterClient,
        schema,
        logger: loggerOf(opts.onQuery),
      }) as unknown as Database,
    );
    const closeClients = async (timeout: number) => {
      await Promise.all([client.end({ timeout }), counterClient.end({ timeout })]);
    };
    const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
      // Session-level lock on a reserved connection: `fn` runs on the pool, other processes wait in pg_advisory_lock.
      const held = await client.reserve();
      try {
        await held`select pg_advisory_lock(${SETUP_LOCK_KEY})`;
        try {
          return await fn();
        } finally {
          await held`select pg_advisory_unlock(${SETUP_LOCK_KEY})`;
        }
      } finally {
        held.release();
      }
    };
    try {
      await client`select 1`;
      if (opts.migrate !== false) {
        const { migrate } = await import('drizzle-orm/postgres-js/migrator');
        await exclusive(() => migrateAndAnalyze(db, () => migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER })));
      }
    } catch (e) {
      await closeClients(1);
      throw e;
    }
    return { db, kind: 'postgres', location: redactUrl(opts.url), close: () => closeClients(5), exclusive };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let release = () => {};
  let dir: string | undefined;
  let demoFromTemplate = false;
  if (opts.dataDir) {
    release = acquireDataDirLock(opts.dataDir);
    dir = path.join(path.resolve(opts.dataDir), 'pg');
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    // A new folder starts as a copy of the migrated template `npm run build` made (initdb in WebAssembly takes 5–25 s).
    if (!opts.loadDataDir && !fs.existsSync(path.join(dir, 'PG_VERSION')))
      demoFromTemplate = copyPgliteTemplate(dir, { demo: opts.demo }) === 'demo';
  }
  let maintenance: NodeJS.Timeout | undefined;
  try {
    const client = await PGlite.create({
      ...(dir ? { dataDir: dir } : {}),
      loadDataDir: opts.loadDataDir,
      startParams: PGLITE_START_PARAMS,
    });
    const db = drizzle({ client, schema, logger: loggerOf(opts.onQuery) }) as unknown as Database;
    if (opts.migrate !== false) {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrateAndAnalyze(db, () => migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER }));
    }
    // PGlite has no autovacuum: without this the planner never gets statistics for a growing database.
    if (dir && opts.maintain) {
      maintenance = setInterval(() => void vacuumAnalyze(db).catch(() => {}), PGLITE_ANALYZE_EVERY_MS);
      maintenance.unref();
    }
    return {
      db,
      kind: 'pglite',
      location: dir ?? 'memory',
      close: async () => {
        clearInterval(maintenance);
        try {
          await client.close();
        } finally {
          release();
        }
      },
      exclusive: (fn) => fn(),
      demoFromTemplate,
    };
  } catch (e) {
    release();
    throw e;
  }
}
