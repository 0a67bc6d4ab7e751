/**
 * EXPLAIN (ANALYZE) of every statement the home page, /actions, /launches and the API lists run, against
 * DATABASE_URL or the embedded DATA_DIR (run by `BENCH_EXPLAIN=1 npm run bench:scale`, or alone on a seeded
 * database: `DATA_DIR=… npx tsx test/bench/scale-explain.ts`). Prints each statement's plan with its time.
 */
import { openDatabase } from '../../db/client';
import { readEnv } from '../../app/config.server';
import { getHomeOverview } from '../../app/models/home.server';
import { ActionItemFilterSchema, countActionItems, listActionItems } from '../../app/models/action-item.server';
import { countLaunchDecisions, listLaunchReviews } from '../../app/models/launch-decision.server';
import { onThisDay } from '../../app/models/reading.server';
import { listDueOutcomes } from '../../app/models/launch-outcome.server';
import { unreadCount } from '../../app/models/notification.server';
import { DocumentFilterSchema, listDocuments } from '../../app/models/document-list.server';
import type { Actor } from '../../app/models/types';

const env = readEnv();
const captured: { query: string; params: unknown[] }[] = [];
const database = env.DATABASE_URL
  ? await openDatabase({ url: env.DATABASE_URL, onQuery: (query, params) => captured.push({ query, params }) })
  : await openDatabase({ dataDir: env.DATA_DIR, onQuery: (query, params) => captured.push({ query, params }) });
const db = database.db;
const client = (
  db as unknown as {
    $client: {
      unsafe?: (q: string, p: unknown[]) => Promise<{ 'QUERY PLAN': string }[]>;
      query?: (q: string, p: unknown[]) => Promise<{ rows: { 'QUERY PLAN': string }[] }>;
    };
  }
).$client;
const explain = async (query: string, params: unknown[]) => {
  const q = `explain (analyze, buffers) ${query}`;
  const p = params.map((v) => (v instanceof Date ? v.toISOString() : v));
  const rows = client.unsafe ? await client.unsafe(q, p as never[]) : (await client.query!(q, p)).rows;
  return rows.map((r) => r['QUERY PLAN']).join('\n');
};
const actors: Actor[] = [
  { id: 'explain-editor', email: 'e@x', name: 'E', role: 'editor' },
  { id: 'explain-viewer', email: 'v@x', name: 'V', role: 'viewer' },
];
const today = new Date().toISOString().slice(0, 10);
const lists: [string, (a: Actor) => Promise<unknown>][] = [
  ['home', (actor) => getHomeOverview(db, { actor, today, now: new Date() })],
  ['home on this day', (actor) => onThisDay(db, { actor, now: new Date() })],
  ['home due outcomes', (actor) => listDueOutcomes(db, { actor, now: new Date() })],
  ['header unread', (actor) => unreadCount(db, actor)],
  ['/actions list', (actor) => listActionItems(db, { actor, filter: ActionItemFilterSchema.parse({}), today })],
  ['/actions overdue', (actor) => listActionItems(db, { actor, filter: ActionItemFilterSchema.parse({ overdue: 'true' }), today })],
  ['/actions counts', (actor) => countActionItems(db, { actor, today })],
  ['/launches', (actor) => listLaunchReviews(db, { actor })],
  ['/launches counts', (actor) => countLaunchDecisions(db, { actor })],
  ['documents list', (actor) => listDocuments(db, { actor, filter: DocumentFilterSchema.parse({}) })],
];
for (const actor of actors) {
  for (const [name, call] of lists) {
    captured.length = 0;
    await call(actor);
    for (const c of [...captured]) {
      if (!/^[\s(]*select/i.test(c.query)) continue;
      const plan = await explain(c.query, c.params);
      const ms = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1];
      console.log(`\n=== ${name} as ${actor.role}: ${ms} ms\n${c.query.slice(0, 300)}\n${plan}`);
    }
  }
}
await database.close();
