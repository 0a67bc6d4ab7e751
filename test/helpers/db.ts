import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database, type OpenDatabase, type QueryListener } from '../../db/client';
import { syncBuiltInTemplates } from '../../app/models/template.server';

export type BackendName = 'pglite' | 'postgres';

/** PGlite always; a PostgreSQL server too when TEST_DATABASE_URL is set. */
export function testBackends(): BackendName[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** An empty database of its own on the PostgreSQL server of `adminUrl`: its URL, and `drop` to remove it again. */
export async function createServerDatabase(adminUrl: string, prefix = 'kaizen_t'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A fresh, migrated database of that backend; `close` drops it again (on a server). */
export async function openTestDatabase(backend: BackendName, opts: { onQuery?: QueryListener } = {}): Promise<OpenDatabase> {
  if (backend === 'pglite') {
    const dump = fs.readFileSync(inject('pgliteDump'));
    return openDatabase({ dataDir: null, migrate: false, loadDataDir: new Blob([dump]), onQuery: opts.onQuery });
  }
  const scratch = await createServerDatabase(process.env.TEST_DATABASE_URL!);
  const opened = await openDatabase({ url: scratch.url, onQuery: opts.onQuery });
  await syncBuiltInTemplates(opened.db);
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await scratch.drop();
    },
  };
}

/**
 * Run a suite once per backend, each in a database of its own created before and dropped after.
 * `use()` returns the suite's database inside tests.
 */
export function describeEachBackend(title: string, suite: (use: () => Database, backend: BackendName) => void) {
  for (const backend of testBackends()) {
    describe(`${title} [${backend}]`, () => {
      let opened: OpenDatabase | undefined;
      beforeAll(async () => {
        opened = await openTestDatabase(backend);
      });
      afterAll(async () => {
        await opened?.close();
      });
      suite(() => {
        if (!opened) throw new Error('database not open yet');
        return opened.db;
      }, backend);
    });
  }
}
