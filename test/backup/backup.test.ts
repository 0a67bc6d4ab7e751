// Backups known to work: backup → verify → restore into a fresh database → backup gives the same content, on
// each backend and across them (through the CLI, as an operator runs it), and every damaged archive is refused
// with a message naming what failed, leaving the target database untouched.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { runCli } from '../../app/cli.server';
import { getDocument } from '../../app/models/document.server';
import { recordAudit } from '../../app/models/audit.server';
import { codeSchemaVersion } from '../../app/models/backup-format.server';
import { verifyBackup } from '../../app/models/backup-restore.server';
import type { OpenDatabase } from '../../db/client';
import { auditEvents } from '../../db/schema';
import { createServerDatabase, openTestDatabase, testBackends } from '../helpers/db';
import { createTestApp } from '../helpers/app';
import { archiveContent, archiveLines, countRows, seedVariety, writeArchive, writeConsistentArchive } from './archive';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const file = (name = 'archive') => path.join(tmp, `${name}-${++n}.jsonl.gz`);

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const ok = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};

for (const backend of testBackends()) {
  describe(`backup and restore [${backend}]`, () => {
    let src: OpenDatabase;
    let seeded: Awaited<ReturnType<typeof seedVariety>>;
    let archive: string;

    beforeAll(async () => {
      src = await openTestDatabase(backend);
      seeded = await seedVariety(src.db);
      archive = file('source');
      expect(ok(await runCli(['backup', archive], { database: src }))).toMatch(
        new RegExp(`tables, \\d+ rows, schema ${codeSchemaVersion()}, sha256 [0-9a-f]{64}\\n$`),
      );
    });
    afterAll(async () => {
      await src?.close();
    });

    it('writes every table with its rows, a checksum per table and for the whole, and the sequences', async () => {
      const lines = archiveLines(archive);
      const header = JSON.parse(lines[0]);
      expect(header).toMatchObject({ '@kaizen': 'backup', format: 1, source: backend, schema: codeSchemaVersion() });
      const tables = lines.filter((l) => l.startsWith('{"@table"')).map((l) => JSON.parse(l)['@table']);
      for (const t of [
        'users',
        'api_tokens',
        'audit_events',
        'templates',
        'documents',
        'document_revisions',
        'action_items',
        'signoffs',
        'digest_pdfs',
      ])
        expect(tables, t).toContain(t);
      expect(tables.indexOf('users')).toBeLessThan(tables.indexOf('documents')); // parents first
      expect(tables.indexOf('documents')).toBeLessThan(tables.indexOf('action_items'));
      for (const t of tables) {
        const end = JSON.parse(lines.find((l) => l.startsWith(`{"@end":${JSON.stringify(t)}`))!);
        expect(end.rows, t).toBe(await countRows(src.db, t));
        expect(end.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      const seqs = JSON.parse(lines[lines.length - 2])['@sequences'];
      expect(seqs.map((s: { name: string }) => s.name)).toContain('audit_events_id_seq');
      expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ '@backup': 'end', tables: tables.length });
      expect(ok(await runCli(['verify', archive]))).toMatch(/: good — \d+ tables/);
    });

    it('restores into a fresh database: the same content backs up again, documents read the same, sequences continue', async () => {
      const target = await openTestDatabase(backend);
      try {
        expect(ok(await runCli(['restore', archive], { database: target }))).toMatch(/restored into .* — \d+ tables, \d+ rows/);
        const again = file('again');
        ok(await runCli(['backup', again], { database: target }));
        expect(archiveContent(again)).toEqual(archiveContent(archive));
        const actor = { ...seeded.admin };
        expect(await getDocument(target.db, { actor, id: seeded.published })).toEqual(
          await getDocument(src.db, { actor, id: seeded.published }),
        );
        const [{ max }] = await target.db.select({ max: sql<number>`max(${auditEvents.id})::int` }).from(auditEvents);
        await recordAudit(target.db, { actor: null, action: 'auth.sign_out' });
        const [{ next }] = await target.db.select({ next: sql<number>`max(${auditEvents.id})::int` }).from(auditEvents);
        expect(next).toBeGreaterThan(max);
        const bytes = await target.db.execute(sql`select encode(bytes, 'hex') as hex from digest_pdfs where content_hash = 'test-bytes'`);
        expect(JSON.stringify(bytes)).toContain('0001025c78ff');
      } finally {
        await target.close();
      }
    });

    it('refuses to restore into a database that is not empty, naming what it holds', async () => {
      const before = archiveContent(archive);
      const r = await runCli(['restore', archive], { database: src });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^kaizen: The database is not empty \(.*users: \d+ rows.*documents: \d+ rows/);
      const now = file('unchanged');
      ok(await runCli(['backup', now], { database: src }));
      expect(archiveContent(now)).toEqual(before);
    });

    describe('damaged archives are refused, and nothing is restored', () => {
      let target: OpenDatabase;
      beforeAll(async () => {
        target = await openTestDatabase(backend);
      });
      afterAll(async () => {
        await target?.close();
      });
      const refuse = async (bad: string, message: RegExp) => {
        for (const command of ['verify', 'restore']) {
          const r = await runCli([command, bad], { database: target });
          expect(r.stdout).toBe('');
          expect(r.stderr, command).toMatch(message);
          expect(r.code).toBe(1);
        }
        for (const t of ['users', 'documents', 'audit_events']) expect(await countRows(target.db, t), t).toBe(0);
      };

      it('a truncated file (cut in the compressed data, or cleanly after a whole line)', async () => {
        const cut = file('cut');
        const bytes = fs.readFileSync(archive);
        fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
        await refuse(cut, /truncated: its compressed data ends early/);
        const lines = archiveLines(archive);
        const inDocs = lines.findIndex((l) => l.startsWith('{"@table":"documents"')) + 2;
        const short = file('short');
        writeArchive(short, lines.slice(0, inDocs));
        await refuse(short, /truncated: it ends inside table documents after 1 rows/);
        const noEnd = file('no-end');
        writeArchive(noEnd, lines.slice(0, -1));
        await refuse(noEnd, /truncated: it ends before its end line/);
      });

      it('a byte changed inside a table, a changed checksum line, a changed whole checksum', async () => {
        const lines = archiveLines(archive);
        const row = lines.findIndex((l) => l.startsWith('{"@table":"documents"')) + 1;
        const flipped = [...lines];
        const at = flipped[row].indexOf('Published: queue') >= 0 ? flipped[row].indexOf('Published: queue') : 10;
        flipped[row] = flipped[row].slice(0, at) + String.fromCharCode(flipped[row].charCodeAt(at) ^ 1) + flipped[row].slice(at + 1);
        const a = file('flipped');
        writeArchive(a, flipped);
        await refuse(a, /Table documents: the checksum does not match its rows/);

        const sum = [...lines];
        const end = sum.findIndex((l) => l.startsWith('{"@end":"users"'));
        sum[end] = sum[end].replace(/"sha256":"(.)/, (_, c) => `"sha256":"${c === '0' ? '1' : '0'}`);
        const b = file('checksum');
        writeArchive(b, sum);
        await refuse(b, /Table users: the checksum does not match its rows/);

        const whole = [...lines];
        whole[whole.length - 1] = whole[whole.length - 1].replace(/"sha256":"(.)/, (_, c) => `"sha256":"${c === '0' ? '1' : '0'}`);
        const c = file('whole');
        writeArchive(c, whole);
        await refuse(c, /checksum of the whole archive does not match/);

        const dropped = lines.filter((_, i) => i !== row);
        const d = file('dropped-row');
        writeArchive(d, dropped);
        await refuse(d, /Table documents: the archive holds \d+ rows, its end line says \d+/);

        const garbage = file('not-gzip');
        fs.writeFileSync(garbage, 'hello\n');
        await refuse(garbage, /not a Kaizen backup \(not gzip data\)/);
      });

      it('an archive of another schema version (consistent checksums) is refused by restore, before anything is written', async () => {
        const lines = archiveLines(archive);
        const header = JSON.parse(lines[0]);
        const other = file('other-schema');
        writeConsistentArchive(other, [JSON.stringify({ ...header, schema: '0003_pdf_content_cache' }), ...lines.slice(1)]);
        expect(ok(await runCli(['verify', other]))).toMatch(/good/); // intact, only older
        const r = await runCli(['restore', other], { database: target });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          new RegExp(`archive is at schema version 0003_pdf_content_cache; this database is at ${codeSchemaVersion()}`),
        );
        expect(await countRows(target.db, 'users')).toBe(0);
      });

      it('an archive whose table changed shape is refused and the transaction leaves nothing behind', async () => {
        const lines = archiveLines(archive);
        const t = lines.findIndex((l) => l.startsWith('{"@table":"documents"'));
        const start = JSON.parse(lines[t]);
        const renamed = [...lines];
        renamed[t] = JSON.stringify({ ...start, columns: start.columns.map((c: string) => (c === 'title' ? 'headline' : c)) });
        const bad = file('renamed-column');
        writeConsistentArchive(bad, renamed);
        const r = await runCli(['restore', bad], { database: target });
        expect(r.stderr).toMatch(/Table documents: the archive has columns .*headline/);
        // users came before documents in the same transaction: rolled back too.
        expect(await countRows(target.db, 'users')).toBe(0);
      });
    });

    it('the admin page downloads a backup the running server writes, and records it', async () => {
      const app = await createTestApp(src.db);
      const cookie = await app.signIn(seeded.admin);
      const res = await app.fetch('/admin/backup', { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kaizen-backup-\d{8}-\d{6}\.jsonl\.gz"$/);
      const got = file('download');
      fs.writeFileSync(got, Buffer.from(await res.arrayBuffer()));
      const contents = await verifyBackup(got);
      expect(contents.tables.find((t) => t.name === 'documents')!.rows).toBe(await countRows(src.db, 'documents'));
      const audit = await src.db.select().from(auditEvents).where(sql`${auditEvents.action} = 'backup.downloaded'`);
      expect(audit.map((a) => a.actorId)).toContain(seeded.admin.id);
      expect((await app.fetch('/', { headers: { Cookie: cookie } })).status).toBe(200);
      expect(await (await app.fetch('/admin', { headers: { Cookie: cookie } })).text()).toContain('href="/admin/backup"');
    });

    it('a HEAD of the backup starts no archive (it would hold a snapshot nobody reads); a download given up halfway leaves the database free', async () => {
      const app = await createTestApp(src.db);
      const cookie = await app.signIn(seeded.admin);
      const downloads = async () =>
        (await src.db.select().from(auditEvents).where(sql`${auditEvents.action} = 'backup.downloaded'`)).length;
      const before = await downloads();
      const head = await app.fetch('/admin/backup', { method: 'HEAD', headers: { Cookie: cookie } });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('application/gzip');
      expect(await downloads()).toBe(before);
      expect((await app.fetch('/', { headers: { Cookie: cookie } })).status).toBe(200);
      const controller = new AbortController();
      const started = await app.fetch('/admin/backup', { headers: { Cookie: cookie }, signal: controller.signal });
      expect(started.status).toBe(200);
      controller.abort();
      expect((await app.fetch('/docs', { headers: { Cookie: cookie } })).status).toBe(200);
    });
  });
}

describe('the embedded database while a server holds it', () => {
  let holder: ChildProcess;
  afterAll(() => {
    holder?.kill();
  });
  it('backup says to stop the server or download from the admin page, and leaves no file', async () => {
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const dataDir = path.join(tmp, 'held');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(
      path.join(dataDir, 'kaizen.lock'),
      JSON.stringify({ pid: holder.pid, command: 'server.mjs', since: new Date().toISOString() }),
    );
    const out = file('held');
    const r = await runCli(['backup', out], { env: env({ DATA_DIR: dataDir }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/in use by process \d+ \(server\.mjs\).*needs the server stopped.*\/admin\/backup/);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith(path.basename(out)))).toEqual([]);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('across backends, through the CLI as README says', () => {
  it('embedded → PostgreSQL is one backup and one restore, and back again', async () => {
    const dataDir = path.join(tmp, 'embedded');
    const src = await openTestDatabase('pglite');
    let server: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
    try {
      await seedVariety(src.db);
      const fromEmbedded = file('embedded');
      ok(await runCli(['backup', fromEmbedded], { database: src }));
      server = await createServerDatabase(process.env.TEST_DATABASE_URL!);
      expect(ok(await runCli(['restore', fromEmbedded], { env: env({ DATABASE_URL: server.url }) }))).toMatch(/restored into postgres:/);
      const fromServer = file('server');
      ok(await runCli(['backup', fromServer], { env: env({ DATABASE_URL: server.url }) }));
      expect(archiveContent(fromServer)).toEqual(archiveContent(fromEmbedded));
      expect(JSON.parse(archiveLines(fromServer)[0]).source).toBe('postgres');
      // …and back into a new embedded data folder.
      ok(await runCli(['restore', fromServer], { env: env({ DATA_DIR: dataDir }) }));
      const back = file('back');
      ok(await runCli(['backup', back], { env: env({ DATA_DIR: dataDir }) }));
      expect(archiveContent(back)).toEqual(archiveContent(fromEmbedded));
    } finally {
      await src.close();
      await server?.drop();
    }
  }, 120_000);
});
