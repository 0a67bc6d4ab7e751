import { openDatabase, type OpenDatabase } from '../db/client';
import { seedDemoContent } from '../db/seed';
import { analyze } from '../db/setup';
import { readEnv, resolveSessionSecret, type Env } from '~/config.server';
import { setLogLevel } from '~/lib/log.server';
import { syncBuiltInTemplates } from '~/models/template.server';
import { backfillSearchParts } from '~/models/search-backfill.server';
import type { AppConfig } from '~/context';

export type Booted = { env: Env; database: OpenDatabase; config: AppConfig; seeded: boolean };

/** Open and migrate the database, sync built-in templates, seed an empty embedded database. */
export async function boot(envSource: NodeJS.ProcessEnv = process.env): Promise<Booted> {
  const env = readEnv(envSource);
  setLogLevel(env.LOG_LEVEL);
  const sessionSecret = resolveSessionSecret(env);
  const database = env.DATABASE_URL
    ? await openDatabase({ url: env.DATABASE_URL, preparedStatements: env.DATABASE_PREPARED_STATEMENTS })
    : await openDatabase({ dataDir: env.DATA_DIR, maintain: true });
  try {
    const wantSeed = env.SEED_DEMO ? env.SEED_DEMO === 'true' || env.SEED_DEMO === '1' : database.kind === 'pglite';
    // Several processes may start together on one new PostgreSQL database: they take turns here (an advisory lock),
    // and the second finds the templates and the demo users there already.
    const seeded = await database.exclusive(async () => {
      await syncBuiltInTemplates(database.db);
      await backfillSearchParts(database.db);
      if (!wantSeed || !(await seedDemoContent(database.db))) return false;
      await analyze(database.db);
      return true;
    });
    const rateLimits = {
      api_token: env.API_TOKEN_PER_MINUTE,
      api_address: env.API_ADDRESS_PER_MINUTE,
      pdf_user: env.PDF_USER_PER_MINUTE,
      pdf_address: env.PDF_ADDRESS_PER_MINUTE,
    };
    return { env, database, config: { sessionSecret, databaseKind: database.kind, rateLimits, collab: env.COLLAB }, seeded };
  } catch (e) {
    await database.close();
    throw e;
  }
}
