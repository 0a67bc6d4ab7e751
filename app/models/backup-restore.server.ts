import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  BACKUP_FORMAT,
  BackupError,
  CONTROL_PREFIX,
  databaseSchemaVersion,
  ident,
  listTables,
  quote,
  readLines,
  rowsOf,
  type BackupEnd,
  type BackupHeader,
  type SequenceValue,
  type TableEnd,
  type TableStart,
} from '~/models/backup-format.server';

/** Rows per INSERT on restore, and the most text one INSERT carries (rendered PDFs are large rows). */
const INSERT_ROWS = 1000;
const INSERT_CHARS = 4 * 1024 * 1024;

export type BackupContents = {
  header: BackupHeader;
  tables: { name: string; rows: number; sha256: string }[];
  rows: number;
  sha256: string;
};

type Handlers = {
  table?: (t: TableStart) => Promise<void>;
  rows?: (table: string, columns: string[], lines: string[]) => Promise<void>;
  sequences?: (s: SequenceValue[]) => Promise<void>;
};

/** The decompressed bytes of an archive file; gzip and file errors become messages about the archive. */
async function* archiveChunks(file: string): AsyncGenerator<Buffer> {
  const source = fs.createReadStream(file);
  const gunzip = createGunzip();
  source.on('error', (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new BackupError(`${file} does not exist.`);
    if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message))
      throw new BackupError(`${file} is truncated: its compressed data ends early.`);
    if (/incorrect header check/i.test(err.message)) throw new BackupError(`${file} is not a Kaizen backup (not gzip data).`);
    if (err.code?.startsWith('Z_')) throw new BackupError(`${file} is damaged: its compressed data does not decompress (${err.message}).`);
    throw e;
  } finally {
    source.destroy();
  }
}

function parseControl<T>(line: string, where: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new BackupError(`${where} is not valid JSON; the archive was altered or damaged.`);
  }
}

/**
 * Read an archive from start to end, checking its shape, every table's row count and checksum and the
 * checksum of the whole, and hand each table's rows to `handlers` in batches as they are read. Throws a
 * BackupError naming what failed; a caller that writes wraps this in a transaction so nothing is kept.
 */
/** Tables a migration fills (a new database has their first rows): the archive's rows replace them. */
const SEEDED_TABLES = new Set(['factor_categories']);

export async function readBackup(file: string, handlers: Handlers = {}): Promise<BackupContents> {
  const whole = createHash('sha256');
  let header: BackupHeader | undefined;
  let current: { start: TableStart; hash: ReturnType<typeof createHash>; rows: number; batch: string[]; chars: number } | null = null;
  const tables: BackupContents['tables'] = [];
  let total = 0;
  let sequencesSeen = false;
  let end: BackupEnd | undefined;
  let lineNo = 0;
  const flush = async () => {
    if (current?.batch.length) await handlers.rows?.(current.start['@table'], current.start.columns, current.batch);
    if (current) {
      current.batch = [];
      current.chars = 0;
    }
  };

  for await (const { line, complete } of readLines(archiveChunks(file))) {
    lineNo++;
    if (end) throw new BackupError(`Line ${lineNo} comes after the archive's end line; the archive was altered.`);
    if (!complete)
      throw new BackupError(
        `The archive is truncated: its last line (${lineNo}${current ? `, in table ${current.start['@table']}` : ''}) is cut off.`,
      );
    const text = `${line}\n`;
    if (!header) {
      const h = parseControl<Partial<BackupHeader>>(line, 'The first line');
      if (h['@kaizen'] !== 'backup') throw new BackupError('This is not a Kaizen backup (its first line is not a Kaizen backup header).');
      if (h.format !== BACKUP_FORMAT)
        throw new BackupError(`This archive has format ${String(h.format)}; this Kaizen reads format ${BACKUP_FORMAT}.`);
      if (typeof h.schema !== 'string') throw new BackupError('The archive header names no schema version.');
      header = h as BackupHeader;
      whole.update(text);
      continue;
    }
    if (!line.startsWith(CONTROL_PREFIX)) {
      if (!current) throw new BackupError(`Line ${lineNo} is a row outside any table; the archive was altered.`);
      current.hash.update(text);
      current.rows++;
      whole.update(text);
      current.batch.push(line);
      current.chars += line.length;
      if (current.batch.length >= INSERT_ROWS || current.chars >= INSERT_CHARS) await flush();
      continue;
    }
    const control = parseControl<Record<string, unknown>>(line, `Line ${lineNo}`);
    if ('@table' in control) {
      if (current)
        throw new BackupError(
          `Table ${current.start['@table']} has no end line before table ${String(control['@table'])}; the archive was altered.`,
        );
      if (sequencesSeen) throw new BackupError(`Table ${String(control['@table'])} comes after the sequences; the archive was altered.`);
      const start = control as unknown as TableStart;
      if (typeof start['@table'] !== 'string' || !Array.isArray(start.columns) || !start.columns.every((c) => typeof c === 'string'))
        throw new BackupError(`Line ${lineNo} is a malformed table line; the archive was altered.`);
      current = { start, hash: createHash('sha256').update(text), rows: 0, batch: [], chars: 0 };
      whole.update(text);
      await handlers.table?.(start);
    } else if ('@end' in control) {
      const e = control as unknown as TableEnd;
      if (!current || e['@end'] !== current.start['@table'])
        throw new BackupError(`Line ${lineNo} ends table ${String(e['@end'])}, which was not started there; the archive was altered.`);
      const name = current.start['@table'];
      if (e.rows !== current.rows)
        throw new BackupError(
          `Table ${name}: the archive holds ${current.rows} rows, its end line says ${String(e.rows)}; the archive was altered or damaged.`,
        );
      const sha = current.hash.digest('hex');
      if (e.sha256 !== sha)
        throw new BackupError(`Table ${name}: the checksum does not match its rows; the archive was altered or damaged.`);
      await flush();
      whole.update(text);
      tables.push({ name, rows: current.rows, sha256: sha });
      total += current.rows;
      current = null;
    } else if ('@sequences' in control) {
      if (current) throw new BackupError(`Table ${current.start['@table']} has no end line; the archive was altered.`);
      const seqs = control['@sequences'] as SequenceValue[];
      if (
        !Array.isArray(seqs) ||
        !seqs.every((s) => typeof s?.name === 'string' && /^\d+$/.test(String(s.value)) && typeof s.called === 'boolean')
      )
        throw new BackupError(`Line ${lineNo} is a malformed sequences line; the archive was altered.`);
      sequencesSeen = true;
      whole.update(text);
      await handlers.sequences?.(seqs);
    } else if ('@backup' in control) {
      const e = control as unknown as BackupEnd;
      if (current) throw new BackupError(`Table ${current.start['@table']} has no end line; the archive was altered.`);
      if (!sequencesSeen) throw new BackupError('The archive has no sequences line; the archive was altered.');
      if (e.tables !== tables.length || e.rows !== total)
        throw new BackupError(
          `The end line counts ${String(e.tables)} tables and ${String(e.rows)} rows; the archive holds ${tables.length} and ${total}.`,
        );
      if (e.sha256 !== whole.digest('hex'))
        throw new BackupError('The checksum of the whole archive does not match; the archive was altered or damaged.');
      end = e;
    } else {
      throw new BackupError(`Line ${lineNo} is not a line this archive format has; the archive was altered.`);
    }
  }
  if (!header) throw new BackupError(`${file} is empty.`);
  if (!end)
    throw new BackupError(
      `The archive is truncated: it ends ${current ? `inside table ${current.start['@table']} after ${current.rows} rows` : 'before its end line'}.`,
    );
  return { header, tables, rows: total, sha256: end.sha256 };
}

/** Check an archive without restoring it. */
export const verifyBackup = (file: string) => readBackup(file);

/**
 * Restore an archive into an empty database at the same schema version: the whole archive is checked
 * first, then read again inside one transaction that checks it once more as it inserts, so a failure at
 * any point leaves the database as it was. Sequences (serial and identity values) are set as they were.
 */
export async function restoreBackup(db: Database, opts: { file: string }): Promise<BackupContents> {
  const checked = await readBackup(opts.file);
  const schema = await databaseSchemaVersion(db);
  if (checked.header.schema !== schema)
    throw new BackupError(
      `The archive is at schema version ${checked.header.schema}; this database is at ${schema}. Restore it with the Kaizen version that wrote it (then upgrade), or back up again with this one.`,
    );
  return db.transaction(async (tx) => {
    const target = new Map((await listTables(tx)).map((t) => [t.name, t]));
    const used: string[] = [];
    for (const t of target.values()) {
      // Built-in templates are written by every start of the app, the first factor categories by a migration; the
      // archive carries its own copies of them.
      if (SEEDED_TABLES.has(t.name)) continue;
      const [{ n }] = await rowsOf<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${ident(t.name)}${t.name === 'templates' ? sql` where not built_in` : sql``}`,
      );
      if (n > 0) used.push(`${t.name}: ${n} rows`);
    }
    if (used.length)
      throw new BackupError(
        `The database is not empty (${used.join(', ')}); restore only into a new database that was never started with demo content.`,
      );
    if (target.has('templates')) await tx.execute(sql`delete from templates`);
    for (const name of SEEDED_TABLES) if (target.has(name)) await tx.execute(sql`delete from ${ident(name)}`);
    const archived = new Set(checked.tables.map((t) => t.name));
    const missing = [...target.keys()].filter((n) => !archived.has(n));
    if (missing.length) throw new BackupError(`The archive has no table ${missing.join(', ')}, which this database has.`);

    await tx.execute(sql`set local timezone to 'UTC'`);
    const contents = await readBackup(opts.file, {
      async table(start) {
        const t = target.get(start['@table']);
        if (!t) throw new BackupError(`Table ${start['@table']} of the archive does not exist in this database.`);
        if (t.columns.join(',') !== start.columns.join(','))
          throw new BackupError(
            `Table ${t.name}: the archive has columns ${start.columns.join(', ')}; this database has ${t.columns.join(', ')}.`,
          );
      },
      async rows(table, columns, lines) {
        const cols = sql.raw(columns.map(quote).join(', '));
        await tx.execute(
          sql`insert into ${ident(table)} (${cols}) select ${cols} from jsonb_populate_recordset(null::${ident(table)}, ${`[${lines.join(',')}]`}::jsonb)`,
        );
      },
      async sequences(seqs) {
        for (const s of seqs) await tx.execute(sql`select setval(${quote(s.name)}::regclass, ${s.value}::bigint, ${s.called})`);
      },
    });
    if (contents.sha256 !== checked.sha256) throw new BackupError('The archive changed while it was being restored; nothing was restored.');
    return contents;
  });
}
