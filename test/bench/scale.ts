import os from 'node:os';
import { benchDatabase, median, PASSWORD, run, signIn, time } from './bench-server';
import { timedStart } from './startup';

const N = Number(process.argv[2] ?? process.env.BENCH_DOCS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS) || 10;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'embedded,postgres').split(',') as ('embedded' | 'postgres')[];

export const SCALE_REQUESTS = [
  { name: 'home (editor)', path: '/', as: 'editor' },
  { name: 'home (viewer)', path: '/', as: 'viewer' },
  { name: '/actions (editor)', path: '/actions', as: 'editor' },
  { name: '/actions (viewer)', path: '/actions', as: 'viewer' },
  { name: '/actions?overdue=true', path: '/actions?overdue=true', as: 'editor' },
  { name: '/launches', path: '/launches', as: 'editor' },
  { name: '/docs', path: '/docs', as: 'editor' },
  { name: 'API documents', path: '/api/v1/documents', as: 'token' },
  { name: 'API documents ?status=published', path: '/api/v1/documents?status=published', as: 'token' },
  { name: 'API documents page 2 (cursor)', path: 'CURSOR:/api/v1/documents', as: 'token' },
  { name: 'API action items', path: '/api/v1/action-items', as: 'token' },
  { name: 'API action items ?overdue=true', path: '/api/v1/action-items?overdue=true', as: 'token' },
  { name: 'API action items page 2 (cursor)', path: 'CURSOR:/api/v1/action-items', as: 'token' },
] as const;

async function bench(kind: 'embedded' | 'postgres') {
  const { env, cleanup } = await benchDatabase(kind);
  try {
    const t0 = performance.now();
    console.log(
      `${kind}: ${run(env, ['db/seed-cli.ts', '--synthetic', String(N)])} (${((performance.now() - t0) / 1000).toFixed(1)} s with start-up)`,
    );
    run(
      env,
      ['app/cli.server.ts', 'user', 'add', 'editor@bench.test', '--role', 'editor', '--name', 'Bench Editor', '--password-stdin'],
      PASSWORD,
    );
    run(
      env,
      ['app/cli.server.ts', 'user', 'add', 'viewer@bench.test', '--role', 'viewer', '--name', 'Bench Viewer', '--password-stdin'],
      PASSWORD,
    );
    const token = run(env, ['app/cli.server.ts', 'token', 'create', 'editor@bench.test', '--name', 'bench']);
    const server = await timedStart(env);
    const rows: { name: string; ms: number; bytes: number }[] = [];
    try {
      const headers = {
        editor: { Cookie: await signIn(server.base, 'editor@bench.test') },
        viewer: { Cookie: await signIn(server.base, 'viewer@bench.test') },
        token: { Authorization: `Bearer ${token}` },
      };
      for (const r of SCALE_REQUESTS) {
        let p: string = r.path;
        if (p.startsWith('CURSOR:')) {
          const first = (await (await fetch(`${server.base}${p.slice(7)}`, { headers: headers.token })).json()) as {
            nextCursor: string | null;
          };
          if (!first.nextCursor) throw new Error(`${p}: no next page`);
          p = `${p.slice(7)}?cursor=${encodeURIComponent(first.nextCursor)}`;
        }
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < REQUESTS + 2; i++) {
          const t = await time(`${server.base}${p}`, headers[r.as]);
          if (i >= 2) times.push(t.ms);
          bytes = t.bytes;
        }
        rows.push({ name: r.name, ms: median(times), bytes });
      }
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.on('exit', r));
    }
    console.log(
      `${kind}, ${N} documents, median of ${REQUESTS} requests (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores):`,
    );
    for (const r of rows)
      console.log(
        `  ${r.name.padEnd(36)} ${r.ms.toFixed(1).padStart(8)} ms  ${(r.bytes / 1024).toFixed(0).padStart(5)} KB${r.ms > 100 ? '  over 100 ms' : ''}`,
      );
    if (process.env.BENCH_EXPLAIN) console.log(run(env, ['test/bench/scale-explain.ts']));
  } finally {
    await cleanup();
  }
}

for (const kind of BACKENDS) await bench(kind);
