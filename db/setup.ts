import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

type AnyDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/**
 * PGlite's own start parameters (0.5.16 defaultStartParams: single user, no parallel workers, synchronous I/O) plus
 * the memory settings of docs/decisions/013-embedded-database-memory.md. WebAssembly memory only grows, so every
 * buffer PostgreSQL touches once stays in the process's RSS for good: the pools are sized for a small VM, and the
 * operating system's page cache (PGlite reads its files through Node's fs) does the caching beyond them.
 */
export const PGLITE_START_PARAMS = [
  '--single',
  '-F',
  '-O',
  '-j',
  '-c',
  'search_path=public',
  '-c',
  'exit_on_error=false',
  '-c',
  'log_checkpoints=false',
  '-c',
  'max_worker_processes=0',
  '-c',
  'max_parallel_workers=0',
  '-c',
  'max_parallel_workers_per_gather=0',
  '-c',
  'io_method=sync',
  '-c',
  'max_parallel_maintenance_workers=0',
  // Memory (see the decision record for the measurements behind each value).
  '-c',
  'shared_buffers=32MB',
  '-c',
  'work_mem=8MB',
  '-c',
  'maintenance_work_mem=32MB',
  '-c',
  'temp_buffers=2MB',
  '-c',
  'wal_buffers=1MB',
  '-c',
  'max_connections=4',
  // Planner costs for a database whose files sit in the page cache rather than on a spinning disk.
  '-c',
  'random_page_cost=1.1',
  '-c',
  'effective_cache_size=256MB',
];

/** Refresh the planner's statistics (PGlite has no autovacuum; a server after a migration or bulk load). */
export async function analyze(db: AnyDatabase): Promise<void> {
  await db.execute(sql`analyze`);
}

/**
 * VACUUM as well: it also fills the visibility map, without which an index-only scan (the /actions counts) still
 * reads every heap page. For PGlite's hourly maintenance and after bulk loads; never inside a transaction.
 */
export async function vacuumAnalyze(db: AnyDatabase): Promise<void> {
  await db.execute(sql`vacuum (analyze)`);
}

async function appliedMigrations(db: AnyDatabase): Promise<number> {
  const rows = (await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`)) as unknown as {
    rows?: { present: boolean }[];
  } & { present: boolean }[];
  const present = (rows.rows ?? rows)[0]?.present;
  if (!present) return 0;
  const counted = (await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as {
    rows?: { n: number }[];
  } & { n: number }[];
  return Number((counted.rows ?? counted)[0]?.n ?? 0);
}

/** Run the migrator; when it applied anything, ANALYZE so the new tables and indexes are planned with statistics. */
export async function migrateAndAnalyze(db: AnyDatabase, migrate: () => Promise<void>): Promise<void> {
  const before = await appliedMigrations(db);
  await migrate();
  if ((await appliedMigrations(db)) !== before) await analyze(db);
}

// Resolved from this file, which lives in db/ in the source tree and in build/ once bundled: both are one level down.
export const PGLITE_TEMPLATE_DIR = fileURLToPath(new URL('../build/pglite-template', import.meta.url));
/**
 * The same, with the demo content already added (db/seed.ts), for a new embedded folder that wants it: seeding takes
 * 5–15 s of a first start under WebAssembly (about 1,600 statements), copying takes well under one
 * (docs/decisions/032-demo-content-in-the-build.md).
 */
export const PGLITE_DEMO_TEMPLATE_DIR = fileURLToPath(new URL('../build/pglite-template-demo', import.meta.url));

const stampOf = (dir: string) => `${dir}.json`;

/**
 * Start parameters for making a template: a WAL segment PostgreSQL starts is then a file with holes (no zeros
 * written), and a finished one is removed rather than kept for reuse, so after `finishTemplate` the folder's 16 MB
 * WAL file is nearly all hole, which `copySparse` does not write.
 */
export const PGLITE_TEMPLATE_BUILD_PARAMS = [...PGLITE_START_PARAMS, '-c', 'wal_init_zero=off', '-c', 'wal_recycle=off'];

/** The last step of making a template: move to a new WAL segment and checkpoint, so the old segment is dropped. */
export async function finishTemplate(db: AnyDatabase): Promise<void> {
  await db.execute(sql`select pg_switch_wal()`);
  await db.execute(sql`checkpoint`);
}

const SPARSE_CHUNK = 64 * 1024;
const allZero = (b: Buffer) => {
  for (let i = 0; i + 8 <= b.length; i += 8) if (b.readBigUInt64LE(i) !== 0n) return false;
  for (let i = b.length - (b.length % 8); i < b.length; i++) if (b[i] !== 0) return false;
  return true;
};

/**
 * Copy a folder, leaving runs of zero bytes (64 KB at a time) as holes: they read back as zeros, as PostgreSQL
 * expects of a WAL segment's unused end, and cost no writes. Regular files and folders only (a data folder has nothing else).
 */
export function copySparse(src: string, dst: string): void {
  fs.mkdirSync(dst, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    const from = path.join(src, e.name);
    const to = path.join(dst, e.name);
    if (e.isDirectory()) {
      copySparse(from, to);
      continue;
    }
    const bytes = fs.readFileSync(from);
    if (bytes.length <= SPARSE_CHUNK) {
      fs.writeFileSync(to, bytes);
      continue;
    }
    const fd = fs.openSync(to, 'w');
    try {
      for (let at = 0; at < bytes.length; at += SPARSE_CHUNK) {
        const part = bytes.subarray(at, Math.min(at + SPARSE_CHUNK, bytes.length));
        if (!allZero(part)) fs.writeSync(fd, part, 0, part.length, at);
      }
      fs.ftruncateSync(fd, bytes.length);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** The installed PGlite's version: a template made by another version is not used. */
export function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function writeTemplateStamp(dir: string = PGLITE_TEMPLATE_DIR): void {
  fs.writeFileSync(stampOf(dir), JSON.stringify({ pglite: pgliteVersion(), createdAt: new Date().toISOString() }));
}

function templateUsable(dir: string): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampOf(dir), 'utf8')) as { pglite?: string };
    return stamp.pglite === pgliteVersion() && fs.existsSync(path.join(dir, 'PG_VERSION'));
  } catch {
    return false;
  }
}

/**
 * Fill a new data folder from a template `npm run build` made (a copy on disk, well under a second) when one made by
 * this PGlite exists: the one with the demo content when `demo` is asked for and present, else the migrated empty one;
 * otherwise leave it empty and PGlite runs initdb. Copied beside and renamed, so a process killed half-way leaves no
 * half database behind. Migrations newer than the template are applied afterwards as usual. Returns which was copied.
 */
export function copyPgliteTemplate(dir: string, opts: { demo?: boolean } = {}): 'demo' | 'empty' | null {
  const from =
    opts.demo && templateUsable(PGLITE_DEMO_TEMPLATE_DIR)
      ? ({ kind: 'demo', dir: PGLITE_DEMO_TEMPLATE_DIR } as const)
      : templateUsable(PGLITE_TEMPLATE_DIR)
        ? ({ kind: 'empty', dir: PGLITE_TEMPLATE_DIR } as const)
        : null;
  if (!from) return null;
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  copySparse(from.dir, partial);
  if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true }); // empty: it has no PG_VERSION
  fs.renameSync(partial, dir);
  return from.kind;
}
