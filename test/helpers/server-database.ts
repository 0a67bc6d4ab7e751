import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { type OpenDatabase, openDatabase } from '../../db/client';

// Apart from db.ts, which imports vitest: benchmarks (plain tsx scripts) use it too.

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

/**
 * A new database for a test that starts `node server.mjs` on it: a new embedded folder, or an empty database on
 * TEST_DATABASE_URL's server. Returns it opened in this process (to add accounts and documents), the server's
 * environment for it, and `drop` (a no-op for the folder).
 */
export async function openServerTestDatabase(
  backend: 'pglite' | 'postgres',
  folderPrefix: string,
): Promise<{ opened: OpenDatabase; env: Record<string, string>; drop: () => Promise<void> }> {
  if (backend === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
    return { opened: await openDatabase({ dataDir }), env: { DATA_DIR: dataDir, SEED_DEMO: 'false' }, drop: async () => {} };
  }
  const scratch = await createServerDatabase(process.env.TEST_DATABASE_URL!);
  return {
    opened: await openDatabase({ url: scratch.url }),
    env: { DATABASE_URL: scratch.url, SESSION_SECRET: randomBytes(24).toString('hex'), SEED_DEMO: 'false' },
    drop: scratch.drop,
  };
}
