// `npm run db:migrate`: apply the committed migrations to DATABASE_URL or the embedded database in DATA_DIR.
import { openDatabase } from './client';
import { readEnv } from '../app/config.server';
import { syncBuiltInTemplates } from '../app/models/template.server';

try {
  const env = readEnv();
  const database = env.DATABASE_URL ? await openDatabase({ url: env.DATABASE_URL }) : await openDatabase({ dataDir: env.DATA_DIR });
  await syncBuiltInTemplates(database.db);
  await database.close();
  console.log(`Migrated ${database.location}.`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
