import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client';
import { syncBuiltInTemplates } from '../app/models/template.server';
import { ensureBuild } from '../server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
  }
}

/**
 * Migrate one PGlite database and dump it; every test file starts from a copy (~1 s) instead of
 * migrating its own (~3.5 s). Also make sure the Remix build the HTTP tests drive is current.
 */
export default async function setup(project: TestProject) {
  ensureBuild();
  const t0 = Date.now();
  const { db, close } = await openDatabase({ dataDir: null });
  await syncBuiltInTemplates(db);
  const client = (db as unknown as { $client: { dumpDataDir: (c?: 'none' | 'gzip') => Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir('none');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-test-')), 'migrated.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await close();
  project.provide('pgliteDump', file);
  if (process.env.VITEST_VERBOSE_SETUP) console.log(`migrated PGlite template in ${Date.now() - t0} ms`);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
