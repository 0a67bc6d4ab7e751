import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { MIGRATIONS_FOLDER } from '../../db/client';

/**
 * Kaizen's backup archive (docs/decisions/012-backup-archive.md): one gzip stream of JSON lines.
 *
 *   {"@kaizen":"backup","format":1,"createdAt":"…Z","source":"pglite"|"postgres","schema":"0005_…"}
 *   {"@table":"users","columns":["id","email",…]}     ┐ once per table, parents before children;
 *   {"id":"…","email":"…",…}                           │ one line per row: PostgreSQL's own jsonb text,
 *   …                                                  │ so a value is written exactly as stored
 *   {"@end":"users","rows":12,"sha256":"…"}            ┘ sha256 of the table line and its row lines
 *   {"@sequences":[{"name":"audit_events_id_seq","value":"41","called":true}]}
 *   {"@backup":"end","tables":9,"rows":1234,"sha256":"…"}  sha256 of every line before this one
 *
 * Every line ends with "\n"; the checksums cover the exact bytes, newline included. Control lines start with
 * `{"@`; a row never does (no column name starts with "@", which listTables checks).
 */
export const BACKUP_FORMAT = 1;

export const CONTROL_PREFIX = '{"@';
export type BackupHeader = { '@kaizen': 'backup'; format: number; createdAt: string; source: string; schema: string };
export type TableStart = { '@table': string; columns: string[] };
export type TableEnd = { '@end': string; rows: number; sha256: string };
export type SequenceValue = { name: string; value: string; called: boolean };
export type BackupEnd = { '@backup': 'end'; tables: number; rows: number; sha256: string };

/** A backup archive that cannot be trusted: the message names what failed (a table, a line, the schema). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export type TableInfo = { name: string; columns: string[]; generated: string[]; orderBy: string[]; hasBytes: boolean };

type Row = Record<string, unknown>;
/** Rows of `db.execute`: postgres.js answers an array, PGlite an object with `rows`. */
export async function rowsOf<T extends Row>(db: Pick<Database, 'execute'>, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(r) ? r : r.rows;
}

/** A quoted SQL identifier. */
export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const ident = (name: string) => sql.raw(quote(name));

/**
 * The tables of the `public` schema with their stored columns (generated ones are derived on restore), ordered so
 * that a table comes after the tables its foreign keys point to, each with the order its rows are written in.
 */
export async function listTables(db: Pick<Database, 'execute'>): Promise<TableInfo[]> {
  const cols = await rowsOf<{ table: string; column: string; generated: boolean; type: string; pk: number | null }>(
    db,
    sql`select c.relname as "table", a.attname as "column", a.attgenerated <> '' as "generated", format_type(a.atttypid, a.atttypmod) as "type",
          array_position(i.indkey::int2[], a.attnum) as "pk"
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        left join pg_index i on i.indrelid = c.oid and i.indisprimary
        where c.relkind in ('r', 'p')
        order by c.relname, a.attnum`,
  );
  const fks = await rowsOf<{ child: string; parent: string }>(
    db,
    sql`select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace and n.nspname = 'public'
        where c.contype = 'f' and c.conrelid <> c.confrelid`,
  );
  const byName = new Map<string, TableInfo & { pk: [number, string][] }>();
  for (const c of cols) {
    const t = byName.get(c.table) ?? { name: c.table, columns: [], generated: [], orderBy: [], hasBytes: false, pk: [] };
    byName.set(c.table, t);
    if (c.column.startsWith('@'))
      throw new BackupError(`Column ${c.table}.${c.column} starts with "@", which the archive format keeps for its own lines.`);
    if (c.generated) t.generated.push(c.column);
    else t.columns.push(c.column);
    if (c.type === 'bytea') t.hasBytes = true;
    // C collation: rows come out in one order on a server with any locale and on PGlite alike.
    const key = /^(text|character varying)/.test(c.type) ? `${quote(c.column)} collate "C"` : quote(c.column);
    if (c.pk) t.pk.push([c.pk, key]);
  }
  for (const t of byName.values()) {
    t.orderBy = t.pk.length ? t.pk.sort((a, b) => a[0] - b[0]).map(([, k]) => k) : t.columns.map((c) => `${quote(c)}::text collate "C"`);
  }
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of fks) {
    const name = (s: string) => s.replace(/^public\./, '').replace(/^"|"$/g, '');
    if (!parents.has(name(child))) parents.set(name(child), new Set());
    parents.get(name(child))!.add(name(parent));
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const names = [...byName.keys()].sort();
  while (ordered.length < names.length) {
    const next = names.find((n) => !placed.has(n) && [...(parents.get(n) ?? [])].every((p) => placed.has(p) || !byName.has(p)));
    if (!next)
      throw new BackupError(
        `The foreign keys between ${names.filter((n) => !placed.has(n)).join(', ')} form a cycle; no order restores them.`,
      );
    placed.add(next);
    const { pk: _pk, ...info } = byName.get(next)!;
    ordered.push(info);
  }
  return ordered;
}

/** The sequences of the `public` schema (serial and identity columns), by name. */
export async function listSequences(db: Pick<Database, 'execute'>): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public' where c.relkind = 'S' order by c.relname`,
  );
  return rows.map((r) => r.name);
}

type JournalEntry = { idx: number; when: number; tag: string };
let journal: JournalEntry[] | undefined;
function readJournal(): JournalEntry[] {
  journal ??= (JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] })
    .entries;
  return journal;
}

/** The migration this Kaizen's code brings a database to (the last one in db/migrations). */
export function codeSchemaVersion(): string {
  const entries = readJournal();
  return entries[entries.length - 1]?.tag ?? 'none';
}

/** The last migration applied to this database, by its tag (drizzle records each one's folder time). */
export async function databaseSchemaVersion(db: Pick<Database, 'execute'>): Promise<string> {
  const [row] = await rowsOf<{ when: string | null }>(db, sql`select max(created_at)::text as "when" from drizzle.__drizzle_migrations`);
  if (!row?.when) return 'none';
  const entry = readJournal().find((e) => String(e.when) === row.when);
  if (!entry)
    throw new BackupError(
      `This database has a migration (${row.when}) this version of Kaizen does not know; use the newer Kaizen that applied it.`,
    );
  return entry.tag;
}

/** The lines of a text stream (without their "\n"); the last one is yielded even when no "\n" ends it. */
export async function* readLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<{ line: string; complete: boolean }> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let from = 0;
    for (let at = rest.indexOf('\n'); at >= 0; at = rest.indexOf('\n', from)) {
      yield { line: rest.slice(from, at), complete: true };
      from = at + 1;
    }
    rest = rest.slice(from);
  }
  rest += decoder.end();
  if (rest) yield { line: rest, complete: false };
}
