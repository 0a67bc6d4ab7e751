// Part of `npm run build`: a migrated embedded database (initdb, every migration, the built-in templates, statistics)
// in build/pglite-template, which a new DATA_DIR starts as a copy of. initdb under WebAssembly takes 5–25 s on a
// small machine; copying the result takes well under one (docs/decisions/013-embedded-database-memory.md).
// Then the same with the demo content added, in build/pglite-template-demo, for a new DATA_DIR that wants demo
// content: seeding it at first start took most of the 12–28 s to a first answer (docs/decisions/032-demo-content-in-the-build.md).
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema';
import type { Database } from './client';
import { MIGRATIONS_FOLDER } from './client';
import {
  PGLITE_DEMO_TEMPLATE_DIR,
  PGLITE_TEMPLATE_BUILD_PARAMS,
  PGLITE_TEMPLATE_DIR,
  analyze,
  copySparse,
  finishTemplate,
  vacuumAnalyze,
  writeTemplateStamp,
} from './setup';
import { seedDemoContent } from './seed';
import { syncBuiltInTemplates } from '../app/models/template.server';

/** Build a template in a folder beside `target` and move it into place only once it is whole. */
async function make(target: string, fill: (db: Database) => Promise<void>, from?: string) {
  const t0 = performance.now();
  const partial = `${target}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  if (from) copySparse(from, partial);
  const client = await PGlite.create({ dataDir: partial, startParams: PGLITE_TEMPLATE_BUILD_PARAMS });
  const db = drizzle({ client, schema }) as unknown as Database;
  await fill(db);
  await finishTemplate(db);
  await client.close();
  fs.rmSync(target, { recursive: true, force: true });
  fs.rmSync(`${target}.json`, { force: true });
  fs.renameSync(partial, target);
  writeTemplateStamp(target);
  console.log(`Embedded database template ready in ${Math.round(performance.now() - t0)} ms (${target}).`);
}

// A demo template older than the code that wrote it must not outlive a failed run of this.
fs.rmSync(`${PGLITE_DEMO_TEMPLATE_DIR}.json`, { force: true });
await make(PGLITE_TEMPLATE_DIR, async (db) => {
  await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  await syncBuiltInTemplates(db);
  await analyze(db);
});
await make(
  PGLITE_DEMO_TEMPLATE_DIR,
  async (db) => {
    await seedDemoContent(db);
    // VACUUM too: the visibility map lets the first index-only scans skip the heap.
    await vacuumAnalyze(db);
  },
  PGLITE_TEMPLATE_DIR,
);
