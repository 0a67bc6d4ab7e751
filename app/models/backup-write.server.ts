import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { sql } from 'drizzle-orm';
import type { Database, DatabaseKind } from '../../db/client';
import { logError } from '~/lib/log.server';
import { recordAudit } from '~/models/audit.server';
import type { Actor } from '~/models/types';
import {
  BACKUP_FORMAT,
  databaseSchemaVersion,
  ident,
  listSequences,
  listTables,
  quote,
  rowsOf,
  type BackupHeader,
  type SequenceValue,
} from '~/models/backup-format.server';

/** Rows fetched per round trip; tables holding bytes (rendered PDFs) fetch fewer, so a batch stays a few MB. */
const BATCH_ROWS = 1000;
const BATCH_ROWS_WITH_BYTES = 20;

export type BackupSummary = { schema: string; tables: number; rows: number; bytes: number; sha256: string };

/**
 * Write every table of the database as one archive (format in backup-format.server.ts) to `out`, gzipped.
 * One REPEATABLE READ, read-only transaction: the archive is one consistent snapshot while the server keeps
 * writing. Rows stream through a cursor and are written as they are read, waiting whenever `out` is full,
 * so memory stays flat however large the database is. Ends `out`.
 */
export async function writeBackup(db: Database, opts: { out: Writable; source: DatabaseKind; now?: Date }): Promise<BackupSummary> {
  const gzip = createGzip({ level: 6 });
  gzip.pipe(opts.out);
  const whole = createHash('sha256');
  let bytes = 0;
  const write = async (line: string, table?: ReturnType<typeof createHash>) => {
    const text = `${line}\n`;
    whole.update(text);
    table?.update(text);
    bytes += Buffer.byteLength(text);
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  // A receiver that fails or goes away (a full disk, a closed download) stops the backup: a pending write rejects.
  let done = false;
  const finished = new Promise<void>((resolve, reject) => {
    opts.out.once('finish', resolve);
    opts.out.once('error', (e) => {
      gzip.destroy(e);
      reject(e);
    });
    opts.out.once('close', () => {
      if (done) return resolve();
      const e = new Error('The receiver of the backup closed before it was complete.');
      gzip.destroy(e);
      reject(e);
    });
    gzip.once('error', reject);
  });
  finished.catch(() => {}); // awaited on success; on failure the first error is the one thrown
  try {
    const summary = await db.transaction(
      async (tx) => {
        // Values are written as PostgreSQL prints them: the same settings on every server make the same text.
        await tx.execute(sql`set local timezone to 'UTC'`);
        await tx.execute(sql`set local bytea_output to 'hex'`);
        await tx.execute(sql`set local extra_float_digits to 3`);
        const schema = await databaseSchemaVersion(tx);
        const header: BackupHeader = {
          '@kaizen': 'backup',
          format: BACKUP_FORMAT,
          createdAt: (opts.now ?? new Date()).toISOString(),
          source: opts.source,
          schema,
        };
        await write(JSON.stringify(header));
        const tables = await listTables(tx);
        let rows = 0;
        for (const t of tables) {
          const hash = createHash('sha256');
          await write(JSON.stringify({ '@table': t.name, columns: t.columns }), hash);
          const drop = t.generated.length
            ? sql.raw(` - array[${t.generated.map((g) => `'${g.replace(/'/g, "''")}'`).join(', ')}]::text[]`)
            : sql``;
          await tx.execute(
            sql`declare kaizen_backup no scroll cursor for select (to_jsonb(t)${drop})::text as line from ${ident(t.name)} t order by ${sql.raw(t.orderBy.map((k) => `t.${k}`).join(', '))}`,
          );
          let count = 0;
          for (;;) {
            const batch = await rowsOf<{ line: string }>(
              tx,
              sql.raw(`fetch ${t.hasBytes ? BATCH_ROWS_WITH_BYTES : BATCH_ROWS} from kaizen_backup`),
            );
            for (const r of batch) await write(r.line, hash);
            count += batch.length;
            if (!batch.length) break;
          }
          await tx.execute(sql`close kaizen_backup`);
          await write(JSON.stringify({ '@end': t.name, rows: count, sha256: hash.digest('hex') }));
          rows += count;
        }
        const sequences: SequenceValue[] = [];
        for (const name of await listSequences(tx)) {
          const [s] = await rowsOf<{ value: string; called: boolean }>(
            tx,
            sql.raw(`select last_value::text as value, is_called as called from ${quote(name)}`),
          );
          sequences.push({ name, value: s.value, called: s.called });
        }
        await write(JSON.stringify({ '@sequences': sequences }));
        return { schema, tables: tables.length, rows };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const sha256 = whole.digest('hex');
    const endLine = `${JSON.stringify({ '@backup': 'end', tables: summary.tables, rows: summary.rows, sha256 })}\n`;
    bytes += Buffer.byteLength(endLine);
    done = true;
    gzip.end(endLine);
    await finished;
    return { ...summary, bytes, sha256 };
  } catch (e) {
    // A half-written archive has no closing line: verify and restore refuse it, and the caller removes it.
    gzip.destroy();
    opts.out.destroy(e as Error);
    throw e;
  }
}

/**
 * A backup the running server writes itself, for the admin page's download (the CLI cannot open an embedded
 * database the server holds). Recorded in the audit log first; the archive streams as it is written.
 */
export async function startBackupDownload(
  db: Database,
  opts: { actor: Actor; source: DatabaseKind; ip?: string | null; signal?: AbortSignal },
): Promise<ReadableStream<Uint8Array>> {
  await recordAudit(db, {
    actor: opts.actor,
    action: 'backup.downloaded',
    targetType: 'database',
    ip: opts.ip,
    details: { source: opts.source },
  });
  const pipe = new PassThrough();
  // A client that goes away stops the archive, so its snapshot (and its connection) is released.
  opts.signal?.addEventListener('abort', () => pipe.destroy(new Error('The download was closed before the archive ended.')), {
    once: true,
  });
  writeBackup(db, { out: pipe, source: opts.source }).catch((e) => {
    // A download the browser cancelled is not a server fault; anything else is logged (the archive then lacks its end line, so verify refuses it).
    if (!pipe.destroyed || !/closed before/.test((e as Error).message)) logError('backup download failed', e);
  });
  return createReadableStreamFromReadable(pipe);
}
