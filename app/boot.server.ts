import { openDatabase, type OpenDatabase } from '../db/client';
import { seedDemoContent } from '../db/seed';
import { analyze } from '../db/setup';
import { readEnv, resolveSessionSecret, type Env } from '~/config.server';
import { setLogLevel } from '~/lib/log.server';
import { syncBuiltInTemplates } from '~/models/template.server';
import { backfillSearchParts } from '~/models/search-backfill.server';
import type { AppConfig } from '~/context';

/** Milliseconds each start-up step took (logged with "Kaizen is serving", so a slow start says where it went). */
export type BootPhases = { openMs: number; templatesMs: number; backfillMs: number; seedMs: number };
export type Booted = { env: Env; database: OpenDatabase; config: AppConfig; seeded: boolean; phases: BootPhases };

/** Open and migrate the database, sync built-in templates, seed an empty embedded database. */
export async function boot(envSource: NodeJS.ProcessEnv = process.env): Promise<Booted> {
  const env = readEnv(envSource);
  setLogLevel(env.LOG_LEVEL);
  const sessionSecret = resolveSessionSecret(env);
  // Demo content by default on the embedded database only; SEED_DEMO decides either way.
  const wantSeed = env.SEED_DEMO ? env.SEED_DEMO === 'true' || env.SEED_DEMO === '1' : !env.DATABASE_URL;
  let t = performance.now();
  const lap = () => {
    const ms = Math.round(performance.now() - t);
    t = performance.now();
    return ms;
  };
  const phases: BootPhases = { openMs: 0, templatesMs: 0, backfillMs: 0, seedMs: 0 };
  const database = env.DATABASE_URL
    ? await openDatabase({ url: env.DATABASE_URL, preparedStatements: env.DATABASE_PREPARED_STATEMENTS })
    : await openDatabase({ dataDir: env.DATA_DIR, maintain: true, demo: wantSeed });
  phases.openMs = lap();
  try {
    // Several processes may start together on one new PostgreSQL database: they take turns here (an advisory lock),
    // and the second finds the templates and the demo users there already.
    const seeded = await database.exclusive(async () => {
      lap(); // not the wait for another process's turn
      await syncBuiltInTemplates(database.db);
      phases.templatesMs = lap();
      await backfillSearchParts(database.db);
      phases.backfillMs = lap();
      // A new embedded folder copied from the build's demo template has it already (statistics included).
      if (database.demoFromTemplate) return true;
      if (!wantSeed || !(await seedDemoContent(database.db))) return false;
      await analyze(database.db);
      phases.seedMs = lap();
      return true;
    });
    const rateLimits = {
      api_token: env.API_TOKEN_PER_MINUTE,
      api_address: env.API_ADDRESS_PER_MINUTE,
      pdf_user: env.PDF_USER_PER_MINUTE,
      pdf_address: env.PDF_ADDRESS_PER_MINUTE,
    };
    return { env, database, config: { sessionSecret, databaseKind: database.kind, rateLimits, collab: env.COLLAB }, seeded, phases };
  } catch (e) {
    await database.close();
    throw e;
  }
}
