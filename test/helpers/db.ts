import fs from 'node:fs';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, type Database, type OpenDatabase, type QueryListener } from '../../db/client';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createServerDatabase } from './server-database';

export { createServerDatabase };

export type BackendName = 'pglite' | 'postgres';

/** PGlite always; a PostgreSQL server too when TEST_DATABASE_URL is set. */
export function testBackends(): BackendName[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
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
