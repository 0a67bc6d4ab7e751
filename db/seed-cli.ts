// `npm run db:seed`: add the demo content to an empty database (does nothing when users exist).
import { openDatabase } from './client';
import { readEnv } from '../app/config.server';
import { syncBuiltInTemplates } from '../app/models/template.server';
import { DEMO_EDITOR, DEMO_REVIEWER, seedDemoContent } from './seed';

try {
  const env = readEnv();
  const database = env.DATABASE_URL ? await openDatabase({ url: env.DATABASE_URL }) : await openDatabase({ dataDir: env.DATA_DIR });
  await syncBuiltInTemplates(database.db);
  const seeded = await seedDemoContent(database.db);
  await database.close();
  console.log(seeded ? `Demo content added. Sign in as ${DEMO_EDITOR.email} / ${DEMO_EDITOR.password} (author) or ${DEMO_REVIEWER.email} / ${DEMO_REVIEWER.password} (reviewer).` : 'The database already has users; nothing was added.');
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
