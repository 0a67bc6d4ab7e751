/**
 * Similar past incidents over HTTP (`npm run bench:similar [N]`; not a test). For each database (BENCH_BACKENDS,
 * default "postgres,embedded"): a new database with `db:seed -- --synthetic N` (default 20000), an editor added with
 * the CLI, the REAL built server, then for BENCH_REQUESTS (default 40) published RCAs: `GET
 * /api/v1/documents/:id/similar` with a Bearer token and the RCA's page `/docs/:id` (which lists them) signed in.
 * Prints p50 and p95 of each, and the load average (other work on the machine inflates both).
 */
import os from 'node:os';
import { benchDatabase, PASSWORD, percentile, run, signIn, time } from './bench-server';
import { timedStart } from './startup';

const N = Number(process.argv[2] ?? process.env.BENCH_DOCS ?? 20_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS) || 40;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,embedded').split(',') as ('embedded' | 'postgres')[];

async function bench(kind: 'embedded' | 'postgres') {
  const { env, cleanup } = await benchDatabase(kind);
  try {
    console.log(`${kind}: ${run(env, ['db/seed-cli.ts', '--synthetic', String(N)])}`);
    run(
      env,
      ['app/cli.server.ts', 'user', 'add', 'editor@bench.test', '--role', 'editor', '--name', 'Bench Editor', '--password-stdin'],
      PASSWORD,
    );
    const token = run(env, ['app/cli.server.ts', 'token', 'create', 'editor@bench.test', '--name', 'bench']);
    const server = await timedStart(env);
    try {
      const auth = { Authorization: `Bearer ${token}` };
      const cookie = { Cookie: await signIn(server.base, 'editor@bench.test') };
      const ids: string[] = [];
      let cursor: string | null = null;
      while (ids.length < REQUESTS) {
        const url = `${server.base}/api/v1/documents?kind=rca&status=published${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = (await (await fetch(url, { headers: auth })).json()) as { items: { id: string }[]; nextCursor: string | null };
        ids.push(...page.items.map((d) => d.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const api: number[] = [];
      const pages: number[] = [];
      let found = 0;
      for (const [i, id] of ids.slice(0, REQUESTS).entries()) {
        const a = await time(`${server.base}/api/v1/documents/${id}/similar`, auth);
        const p = await time(`${server.base}/docs/${id}`, cookie);
        if (i >= 2) {
          api.push(a.ms);
          pages.push(p.ms);
        }
        const body = (await (await fetch(`${server.base}/api/v1/documents/${id}/similar`, { headers: auth })).json()) as {
          items: unknown[];
        };
        found += body.items.length;
      }
      const load = os.loadavg()[0].toFixed(1);
      console.log(
        `${kind}, ${N} documents, ${api.length} RCAs (load ${load} on ${os.cpus().length} cores), ${(found / ids.length).toFixed(1)} similar each:`,
      );
      console.log(
        `  GET /api/v1/documents/:id/similar  p50 ${percentile(api, 50).toFixed(1)} ms  p95 ${percentile(api, 95).toFixed(1)} ms`,
      );
      console.log(
        `  RCA page /docs/:id (lists them)    p50 ${percentile(pages, 50).toFixed(1)} ms  p95 ${percentile(pages, 95).toFixed(1)} ms`,
      );
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.on('exit', r));
    }
  } finally {
    await cleanup();
  }
}

for (const kind of BACKENDS) await bench(kind);
