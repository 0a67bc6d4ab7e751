import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

/**
 * Routes call model functions (app/models, verb-noun) and never build or run SQL themselves: the
 * access rule and the round-trip budget live in the models, where they can be checked once.
 */
const QUERY_BUILDING: [string, RegExp][] = [
  ['imports drizzle-orm', /from\s+['"]drizzle-orm/],
  ['imports the schema', /from\s+['"][^'"]*db\/schema['"]/],
  ['selects', /\.select\(\s*[{)]|\.selectDistinct\(/],
  ['inserts', /\.insert\(\s*[a-zA-Z]/],
  ['updates', /\bdb\.update\(|\.update\(\s*(documents|users|actionItems|signoffs|templates)\b/],
  ['deletes', /\bdb\.delete\(/],
  ['executes SQL', /\.execute\s*[(<]/],
  ['opens a transaction', /\.transaction\(/],
  ['uses the relational query API', /\bdb\.query\./],
  ['writes SQL', /\bsql`/],
];

const dir = path.resolve('app/routes');
const routes = fs.readdirSync(dir).filter((f) => /\.(ts|tsx)$/.test(f));

it('the checks recognise query building (each pattern matches the code it is meant to catch)', () => {
  const samples = [
    "import { eq } from 'drizzle-orm';",
    "import { documents } from '../../db/schema';",
    'await context.db.select({ n: count() }).from(users)',
    'await db.insert(users).values({})',
    'await context.db.update(documents).set({})',
    'await context.db.delete(users)',
    'await context.db.execute(sql`select 1`)',
    'await context.db.transaction(async (tx) => {})',
    'await context.db.query.documents.findMany()',
    'const q = sql`select 1`',
  ];
  QUERY_BUILDING.forEach(([, re], i) => expect(re.test(samples[i]), samples[i]).toBe(true));
});

it('no route under app/routes builds or runs SQL', () => {
  expect(routes.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const f of routes) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const [what, re] of QUERY_BUILDING) if (re.test(text)) found.push(`${f} ${what}`);
  }
  expect(found).toEqual([]);
});
