// Part of `npm run build`: a migrated embedded database (initdb, every migration, the built-in templates, statistics)
// in build/pglite-template, which a new DATA_DIR starts as a copy of. initdb under WebAssembly takes 5–25 s on a
// small machine; copying the result takes well under one (docs/decisions/013-embedded-database-memory.md).
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema';
import type { Database } from './client';
import { MIGRATIONS_FOLDER } from './client';
import { PGLITE_START_PARAMS, PGLITE_TEMPLATE_DIR, analyze, writeTemplateStamp } from './setup';
import { syncBuiltInTemplates } from '../app/models/template.server';

const t0 = performance.now();
const partial = `${PGLITE_TEMPLATE_DIR}.partial-${process.pid}`;
fs.rmSync(partial, { recursive: true, force: true });
const client = await PGlite.create({ dataDir: partial, startParams: PGLITE_START_PARAMS });
const db = drizzle({ client, schema }) as unknown as Database;
await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
await syncBuiltInTemplates(db);
await analyze(db);
await client.close();
fs.rmSync(PGLITE_TEMPLATE_DIR, { recursive: true, force: true });
fs.renameSync(partial, PGLITE_TEMPLATE_DIR);
writeTemplateStamp();
console.log(`Embedded database template ready in ${Math.round(performance.now() - t0)} ms (${PGLITE_TEMPLATE_DIR}).`);
