import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

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
