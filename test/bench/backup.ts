/**
 * Backup, verify and restore of a large database (`npm run bench:backup`; not a test). Creates a scratch database on
 * the PostgreSQL server of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres as the admin URL),
 * migrates it, fills it with SQL generate_series (BENCH_DOCUMENTS documents, default 100,000, each with a revision and
 * an action item), then runs the real CLI (`tsx app/cli.server.ts`) under /usr/bin/time for `backup`, `verify` and
 * `restore` (into a second scratch database), printing each one's wall time and peak RSS, and the archive size.
 * BENCH_HEAP_MB=64 runs the CLI with the V8 heap capped at that size (proof that nothing grows with the rows).
 * Both databases are dropped at the end.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { createServerDatabase } from '../helpers/server-database';
import { openDatabase } from '../../db/client';

const N = Number(process.env.BENCH_DOCUMENTS) || 100_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const source = await createServerDatabase(adminUrl, 'kaizen_bench');
const target = await createServerDatabase(adminUrl, 'kaizen_bench');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-backup-'));
const file = path.join(dir, 'bench.jsonl.gz');

function cli(args: string[], url: string) {
  // BENCH_HEAP_MB caps the V8 heap: a run that completes under a small cap holds no growing state.
  const heap = process.env.BENCH_HEAP_MB ? [`--max-old-space-size=${process.env.BENCH_HEAP_MB}`] : [];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...heap, '--import', 'tsx', 'app/cli.server.ts', ...args], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  const timing = r.stderr.trim().split('\n').pop()!.split(' ');
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
  return { seconds: Number(timing[0]), peakMb: Number(timing[1]) / 1024, out: r.stdout.trim() };
}

try {
  await (await openDatabase({ url: source.url })).close(); // migrate
  const sql = postgres(source.url, { max: 1, onnotice: () => {} });
  const t0 = Date.now();
  await sql.unsafe(`
    insert into users (id, email, name, role) values ('bench-user', 'bench@example.test', 'Bench', 'editor');
    insert into documents (id, template_key, template_version, kind, title, status, severity, service, tags, fields, search_text, author_id, started_at, ended_at)
      select 'doc-' || lpad(g::text, 7, '0'), 'blameless-rca', 1, 'rca', 'Incident ' || g || ': queue backlog delayed emails', 'draft', 'SEV2', 'mailer', array['queue', 'email'],
        jsonb_build_object('environment', 'production', 'affected', 'Outgoing email for tenant ' || g,
          'timeline', jsonb_build_array(jsonb_build_object('at', '2016-06-15T22:04:00Z', 'text', 'Consumers stop acknowledging messages (' || g || ')')),
          'rootCause', repeat('No dead-letter queue for messages that fail repeatedly. ', 6)),
        repeat('Emails arrived hours late. ', 10), 'bench-user', timestamptz '2016-06-15 22:04Z' + g * interval '1 minute', timestamptz '2016-06-16 22:44Z' + g * interval '1 minute'
      from generate_series(1, ${N}) g;
    insert into document_revisions (document_id, version, event, snapshot, changed, author_id)
      select id, 1, 'create', jsonb_build_object('title', title, 'fields', fields), array['title', 'fields'], 'bench-user' from documents;
    insert into action_items (id, document_id, field_key, title, owner, due_date)
      select 'ai-' || substr(id, 5), id, 'nextSteps', 'Add a dead-letter queue', 'Ada Lovelace', '2016-07-01' from documents;
  `);
  const [{ size }] = await sql`select pg_size_pretty(pg_database_size(current_database())) as size`;
  await sql.end();
  console.log(
    `filled ${N.toLocaleString('en')} documents (+ ${N.toLocaleString('en')} revisions, ${N.toLocaleString('en')} action items) in ${((Date.now() - t0) / 1000).toFixed(1)} s; database ${size}`,
  );

  const b = cli(['backup', file], source.url);
  console.log(
    `backup : ${b.seconds.toFixed(1)} s, peak RSS ${b.peakMb.toFixed(0)} MB, archive ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB gzip — ${b.out}`,
  );
  const v = cli(['verify', file], source.url);
  console.log(`verify : ${v.seconds.toFixed(1)} s, peak RSS ${v.peakMb.toFixed(0)} MB`);
  const r = cli(['restore', file], target.url);
  console.log(`restore: ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb.toFixed(0)} MB`);
  const baseline = cli(['--help'], source.url);
  console.log(`(the CLI doing nothing: peak RSS ${baseline.peakMb.toFixed(0)} MB)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await source.drop();
  await target.drop();
}
