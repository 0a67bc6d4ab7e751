// `npm run db:seed`: add the demo content to an empty database (does nothing when users exist).
// `npm run db:seed -- --synthetic N`: add N synthetic documents with ~3 action items each (db/synthetic.ts), for scale tests.
import { openDatabase } from './client';
import { readEnv } from '../app/config.server';
import { syncBuiltInTemplates } from '../app/models/template.server';
import { DEMO_EDITOR, DEMO_REVIEWER, seedDemoContent } from './seed';
import { seedSyntheticDocuments } from './synthetic';

function syntheticCount(argv: string[]): number | null {
  const i = argv.indexOf('--synthetic');
  if (i < 0) return null;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
    throw new Error('--synthetic needs a number of documents between 1 and 10000000, e.g. --synthetic 100000');
  return n;
}

try {
  const count = syntheticCount(process.argv.slice(2));
  const env = readEnv();
  const database = env.DATABASE_URL ? await openDatabase({ url: env.DATABASE_URL }) : await openDatabase({ dataDir: env.DATA_DIR });
  await database.exclusive(() => syncBuiltInTemplates(database.db));
  if (count !== null) {
    const t0 = performance.now();
    const r = await seedSyntheticDocuments(database.db, {
      count,
      onProgress: (done) => process.stderr.write(`\r${done} / ${count} documents`),
    });
    process.stderr.write('\n');
    await database.close();
    console.log(
      `Added ${r.documents} synthetic documents and ${r.actionItems} action items in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
    );
  } else {
    const seeded = await database.exclusive(() => seedDemoContent(database.db));
    await database.close();
    console.log(
      seeded
        ? `Demo content added. Sign in as ${DEMO_EDITOR.email} / ${DEMO_EDITOR.password} (author) or ${DEMO_REVIEWER.email} / ${DEMO_REVIEWER.password} (reviewer).`
        : 'The database already has users; nothing was added.',
    );
  }
} catch (e) {
  // drizzle's "Failed query" carries the database's own message as its cause.
  const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
  console.error(e instanceof Error ? `${e.message.split('\n')[0]}${cause}` : String(e));
  process.exit(1);
}
