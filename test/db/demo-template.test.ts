/**
 * A new embedded folder that wants demo content starts as a copy of build/pglite-template-demo (made by `npm run
 * build`; the global setup's build check makes it when stale) instead of seeding at first start. Embedded only: the
 * template is a PGlite data folder. The copy must hold what seeding now would write, and be a faithful copy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type OpenDatabase } from '../../db/client';
import { PGLITE_DEMO_TEMPLATE_DIR, copySparse } from '../../db/setup';
import { DEMO_EDITOR, seedDemoContent } from '../../db/seed';
import { openTestDatabase } from '../helpers/db';
import { getUserByEmail, verifyPassword } from '../../app/models/user.server';
import { boot } from '../../app/boot.server';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-demo-template-'));

/** What a database holds, table by table, without the values that differ between two seedings (ids, times, hashes). */
async function contents(db: OpenDatabase['db']) {
  const tables = rowsOf(await db.execute(sql`select relname from pg_stat_user_tables where schemaname = 'public' order by relname`)).map(
    (r) => String(r.relname),
  );
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number(rowsOf(await db.execute(sql.raw(`select count(*)::int as n from "${t}"`)))[0].n);
  const docs = rowsOf(
    await db.execute(
      sql`select title, kind, status, severity, service, tags, decision, started_at, launch_at, search_text, summary, version, content_version from documents order by title, kind`,
    ),
  );
  const items = rowsOf(
    await db.execute(
      sql`select d.title as doc, a.title, a.kind, a.owner, a.due_date, a.status, a.document_status from action_items a join documents d on d.id = a.document_id order by d.title, a.title, a.position`,
    ),
  );
  const users = rowsOf(await db.execute(sql`select email, name, role from users order by email`));
  return { counts, docs, items, users };
}

describe('a new embedded folder with demo content from the build template', () => {
  let fromTemplate: OpenDatabase;
  beforeAll(async () => {
    fromTemplate = await openDatabase({ dataDir: path.join(scratch, 'copied'), demo: true });
  }, 120_000);
  afterAll(async () => {
    await fromTemplate?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('starts from the template and holds what seeding a new database writes now, row for row', async () => {
    expect(fromTemplate.demoFromTemplate).toBe(true);
    const seeded = await openTestDatabase('pglite');
    try {
      expect(await seedDemoContent(seeded.db)).toBe(true);
      expect(await contents(fromTemplate.db)).toEqual(await contents(seeded.db));
    } finally {
      await seeded.close();
    }
    // Seeding again finds the users there: nothing is added twice.
    expect(await seedDemoContent(fromTemplate.db)).toBe(false);
    const editor = await getUserByEmail(fromTemplate.db, DEMO_EDITOR.email);
    expect(editor).toMatchObject({ role: 'editor' });
    const [{ hash }] = rowsOf(
      await fromTemplate.db.execute(sql`select password_hash as hash from users where email = ${DEMO_EDITOR.email}`),
    ) as { hash: string }[];
    expect(await verifyPassword(DEMO_EDITOR.password, hash)).toBe(true);
  }, 120_000);

  it('copies the template byte for byte, leaving zero runs (the WAL file’s unused end) as holes', () => {
    const to = path.join(scratch, 'sparse');
    copySparse(PGLITE_DEMO_TEMPLATE_DIR, to);
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const files = walk(PGLITE_DEMO_TEMPLATE_DIR).map((f) => path.relative(PGLITE_DEMO_TEMPLATE_DIR, f));
    expect(
      walk(to)
        .map((f) => path.relative(to, f))
        .sort(),
    ).toEqual([...files].sort());
    let apparent = 0;
    let allocated = 0;
    for (const f of files) {
      expect(fs.readFileSync(path.join(to, f)).equals(fs.readFileSync(path.join(PGLITE_DEMO_TEMPLATE_DIR, f))), f).toBe(true);
      const st = fs.statSync(path.join(to, f));
      apparent += st.size;
      allocated += st.blocks * 512;
    }
    // The 16 MB WAL segment is nearly all hole.
    expect(allocated).toBeLessThan(apparent - 10 * 1024 * 1024);
  });

  it('boots a new folder as demo content added (the server says so), and a second boot of it adds nothing', async () => {
    const dataDir = path.join(scratch, 'booted');
    const env = { DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv;
    const first = await boot(env);
    try {
      expect(first.seeded).toBe(true);
      expect(first.database.demoFromTemplate).toBe(true);
      expect(await getUserByEmail(first.database.db, DEMO_EDITOR.email)).toBeTruthy();
    } finally {
      await first.database.close();
    }
    const second = await boot(env);
    try {
      expect(second.seeded).toBe(false);
      expect(second.database.demoFromTemplate).toBe(false);
    } finally {
      await second.database.close();
    }
    // Without demo content wanted, a new folder starts from the empty template.
    const bare = await boot({ ...env, DATA_DIR: path.join(scratch, 'bare'), SEED_DEMO: 'false' });
    try {
      expect(bare.seeded).toBe(false);
      expect(Number(rowsOf(await bare.database.db.execute(sql`select count(*)::int as n from users`))[0].n)).toBe(0);
    } finally {
      await bare.database.close();
    }
  }, 120_000);
});
