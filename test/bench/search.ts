/**
 * Library search at scale over HTTP (`npm run bench:search [N]`; not a test). For each database (BENCH_BACKENDS,
 * default "postgres,embedded"): a new database with `db:seed -- --synthetic N` (default 100000: incident reviews drawn
 * from the demo library's texts, launch reviews, three years of dates, a long tail of services and tags, factors,
 * action items), an editor added with the CLI, the REAL built server, then BENCH_REQUESTS (default 40) rounds of:
 *
 *   - ranked search with snippets: `GET /api/v1/documents?q=…&status=published` (Bearer token)
 *   - the library page `/library?q=…` (signed in)
 *   - similar incidents `GET /api/v1/documents/:id/similar`
 *   - the insights page `/insights?months=12`
 *
 * and, once the server has stopped, the same searches done naively in the same database (any word `ILIKE` in the
 * title or text, newest first, 25 rows) for the ratio. Prints p50 and p95 of each and the load average (other work
 * on the machine inflates every figure). Targets (issue 12): search p95 ≤ 30 ms server / ≤ 150 ms embedded, library
 * ≤ 80 ms, similar ≤ 50 ms, insights ≤ 300 ms.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { benchDatabase, PASSWORD, percentile, run, signIn, time } from './bench-server';
import { timedStart } from './startup';

const N = Number(process.argv[2] ?? process.env.BENCH_DOCS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS) || 40;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,embedded').split(',') as ('embedded' | 'postgres')[];

/** What readers type: words of the demo library's incidents, a phrase, a negation, words found nowhere. */
const QUERIES = [
  'certificate expired',
  'database failover read-only',
  'queue backlog email',
  '"connection pool"',
  'config push gateway',
  'monitoring gap alert',
  'disk full logs -ci',
  'rate limit partner',
  'kafka rebalance lag',
  'holiday capacity search',
  'feature flag sign-in',
  'zebra quantum marmalade',
];

const rowsOf = (r: unknown) => (r as { rows?: Record<string, unknown>[] }).rows ?? (r as Record<string, unknown>[]);
const line = (label: string, xs: number[]) =>
  `  ${label.padEnd(44)} p50 ${percentile(xs, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(xs, 95).toFixed(1).padStart(7)} ms`;

async function bench(kind: 'embedded' | 'postgres') {
  // BENCH_DATABASE_URL / BENCH_DATA_DIR: an already seeded PostgreSQL database / embedded folder (kept, not seeded
  // again), to rerun after a change without waiting ten minutes or more for 100,000 documents.
  const reuse = kind === 'postgres' ? process.env.BENCH_DATABASE_URL : process.env.BENCH_DATA_DIR;
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PDF_POOL_WARMUP: 'false',
    SEED_DEMO: 'false',
    SESSION_SECRET: 'b'.repeat(48),
  };
  const { env, cleanup }: { env: NodeJS.ProcessEnv; cleanup: () => Promise<void> } = reuse
    ? {
        env: kind === 'postgres' ? { ...base, DATABASE_URL: reuse } : { ...base, DATA_DIR: reuse, DATABASE_URL: undefined },
        cleanup: async () => {},
      }
    : await benchDatabase(kind);
  const email = `editor-${Date.now()}@bench.test`;
  try {
    const t0 = performance.now();
    if (reuse) console.log(`${kind}: the database at ${kind === 'postgres' ? 'BENCH_DATABASE_URL' : 'BENCH_DATA_DIR'}, as seeded`);
    else
      console.log(`${kind}: ${run(env, ['db/seed-cli.ts', '--synthetic', String(N)])} (${Math.round((performance.now() - t0) / 1000)} s)`);
    run(env, ['app/cli.server.ts', 'user', 'add', email, '--role', 'editor', '--name', 'Bench Editor', '--password-stdin'], PASSWORD);
    const token = run(env, ['app/cli.server.ts', 'token', 'create', email, '--name', 'bench']);
    const search: number[] = [];
    const library: number[] = [];
    const similar: number[] = [];
    const insights: number[] = [];
    let hits = 0;
    const server = await timedStart(env);
    try {
      const auth = { Authorization: `Bearer ${token}` };
      const cookie = { Cookie: await signIn(server.base, email) };
      const list = (await (
        await fetch(`${server.base}/api/v1/documents?kind=rca&status=published&limit=100`, { headers: auth })
      ).json()) as {
        items: { id: string }[];
      };
      const ids = list.items.map((d) => d.id);
      for (let i = 0; i < REQUESTS + 2; i++) {
        const q = encodeURIComponent(QUERIES[i % QUERIES.length]);
        const a = await time(`${server.base}/api/v1/documents?q=${q}&status=published`, auth);
        const l = await time(`${server.base}/library?q=${q}`, cookie);
        const s = await time(`${server.base}/api/v1/documents/${ids[i % ids.length]}/similar`, auth);
        const n = await time(`${server.base}/insights?months=12`, cookie);
        // The first two rounds warm caches and JIT; they are not counted.
        if (i < 2) continue;
        search.push(a.ms);
        library.push(l.ms);
        similar.push(s.ms);
        insights.push(n.ms);
      }
      const sample = (await (
        await fetch(`${server.base}/api/v1/documents?q=${encodeURIComponent(QUERIES[0])}&status=published`, { headers: auth })
      ).json()) as {
        items: unknown[];
      };
      hits = sample.items.length;
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.on('exit', r));
    }

    // The same searches, naively: any word ILIKE anywhere, newest first.
    const db = await openDatabase(
      kind === 'postgres' ? { url: env.DATABASE_URL!, migrate: false } : { dataDir: env.DATA_DIR!, migrate: false },
    );
    const naive: number[] = [];
    let documents = N;
    try {
      const [c] = rowsOf(await db.db.execute(sql`select count(*)::int as n from documents`));
      documents = Number(c?.n ?? N);
      for (let i = 0; i < REQUESTS + 2; i++) {
        const words = QUERIES[i % QUERIES.length]
          .replace(/"/g, '')
          .split(/\s+/)
          .filter((w) => w && !w.startsWith('-'));
        const any = sql.join(
          words.map((w) => sql`(title ilike ${`%${w}%`} or search_text ilike ${`%${w}%`})`),
          sql` or `,
        );
        const t = performance.now();
        await db.db.execute(
          sql`select id, title, left(search_text, 300) from documents where status = 'published' and (${any}) order by updated_at desc, id desc limit 25`,
        );
        if (i >= 2) naive.push(performance.now() - t);
      }
    } finally {
      await db.close();
    }

    console.log(
      `${kind}, ${documents} documents, ${search.length} rounds (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores), ${hits} results for "${QUERIES[0]}":`,
    );
    console.log(line('ranked search + snippets, API (HTTP)', search));
    console.log(line('library page /library?q= (HTTP)', library));
    console.log(line('similar incidents, API (HTTP)', similar));
    console.log(line('insights page, 12 months (HTTP)', insights));
    console.log(line('naive ILIKE, same searches (in process)', naive));
    console.log(`  ranked API p50 / naive ILIKE p50: ${(percentile(search, 50) / percentile(naive, 50)).toFixed(2)}`);
  } finally {
    await cleanup();
  }
}

for (const kind of BACKENDS) await bench(kind);
