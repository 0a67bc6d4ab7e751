import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from './client';
import { users } from './schema';
import { vacuumAnalyze } from './setup';
import { createUser, toActor } from '../app/models/user.server';
import { createDocument } from '../app/models/document.server';
import type { Actor } from '../app/models/types';
import { DEMO_RCAS } from './demo/rcas';
import { rcaFields } from './demo/build';

/**
 * `npm run db:seed -- --synthetic N`: N documents with ~3 action items each, for measuring lists and counts at
 * scale. Prototypes (a blameless RCA, a Google SRE postmortem, a launch review, and the demo library's incidents) are written through the app's
 * own createDocument, so their fields, search text, computed facts, revision snapshot and action items are exactly
 * what the app stores; every synthetic document is then a copy of one of them made in bulk by INSERT … SELECT over
 * generate_series (one statement per table and batch, no per-row round trips), with its own id, title, status,
 * severity, service, tags, dates, launch time and decision, and action items with their own owners, due dates and
 * statuses. Revisions: one 'create' snapshot per document carrying its title and status. Not copied: audit events
 * and decision history (no list reads them).
 */
export const SYNTHETIC_AUTHOR = { email: 'synthetic@kaizen.local', name: 'Synthetic Author' } as const;

const SERVICES = [
  'checkout',
  'search',
  'payments',
  'media',
  'orders',
  'identity',
  'mailer',
  'catalog',
  'inventory',
  'billing',
  'api-gateway',
  'notifications',
  'reporting',
  'cdn',
  'auth',
  'recommendations',
  'shipping',
  'reviews',
  'ads',
  'messaging',
];
const TAGS = [
  'database',
  'network',
  'dns',
  'tls',
  'deploy',
  'config',
  'capacity',
  'latency',
  'queue',
  'cache',
  'third-party',
  'security',
  'storage',
  'kubernetes',
  'launch',
];
const OWNERS = [
  'Priya Raman',
  'Jon Okafor',
  'Mei Lin',
  'Sam Ortiz',
  'Lena Fischer',
  'Ana Souza',
  'Kenji Watanabe',
  'Ada Lovelace',
  'Grace Hopper',
  'Tomás Ruiz',
  'Fatima Zahra',
  'Olu Adeyemi',
  'Ingrid Berg',
  'Raj Patel',
  'Chloé Martin',
  'Yusuf Demir',
  'Hana Kim',
  'Lucas Silva',
  'Noa Levi',
  'Eva Novak',
];
const textArray = (xs: readonly string[]) => sql.raw(`array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`);

const nextSteps = (today: string) => [
  { title: 'Alert on the symptom customers see, not only on host metrics', kind: 'detect', owner: 'Jon Okafor', dueDate: today },
  { title: 'Add the missing step to the runbook and rehearse it', kind: 'process', owner: 'Mei Lin', dueDate: today },
  { title: 'Remove the single point of failure found in the review', kind: 'prevent', owner: 'Priya Raman', dueDate: today },
];

async function prototypes(db: Database, actor: Actor) {
  const today = new Date().toISOString().slice(0, 10);
  const timeline = [
    { at: '2026-03-02T10:00:00Z', text: 'Error rate rises after a configuration change reaches every region.' },
    { at: '2026-03-02T10:07:00Z', text: 'Alert fires; on-call acknowledges.', marker: 'detected' },
    { at: '2026-03-02T10:40:00Z', text: 'Change rolled back; errors stop.', marker: 'resolved' },
  ];
  const rca = await createDocument(db, {
    actor,
    input: {
      template: 'blameless-rca',
      title: 'Configuration push broke sessions',
      severity: 'SEV2',
      service: 'identity',
      tags: ['config', 'deploy'],
      fields: {
        environment: 'production, all regions',
        affected: 'Sign-in and every page that needs a session',
        team: ['Priya Raman', 'Jon Okafor'],
        referenceId: 'INC-1000',
        startedAt: '2026-03-02T10:00:00Z',
        detectedAt: '2026-03-02T10:07:00Z',
        endedAt: '2026-03-02T10:40:00Z',
        timeline,
        symptoms: 'Users were signed out and could not sign back in; the `session_errors` graph rose to **900/min**.',
        whatHappened:
          'A configuration change meant for staging was pushed to production by the deploy pipeline:\n\n- the change had no canary stage;\n- the session store rejected the new key format.',
        rootCause:
          'Configuration changes skipped the canary stage that code changes go through, and the session store had no compatibility check.',
        nextSteps: nextSteps(today),
      },
    },
  });
  const sre = await createDocument(db, {
    actor,
    input: {
      template: 'google-sre-postmortem',
      title: 'Search index rebuild exhausted disk',
      severity: 'SEV3',
      service: 'search',
      tags: ['storage', 'capacity'],
      fields: {
        authors: ['Sam Ortiz'],
        startedAt: '2026-03-02T10:00:00Z',
        endedAt: '2026-03-02T10:40:00Z',
        summary: 'The nightly rebuild wrote a second copy of the index and filled the disk.',
        impact: 'Search answered with errors for 40 minutes.',
        rootCauses: 'The rebuild kept the old index until the new one was complete, doubling disk use.',
        timeline,
        actionItems: nextSteps(today),
      },
    },
  });
  const yes = { answer: 'yes', note: '' };
  const launch = await createDocument(db, {
    actor,
    input: {
      template: 'etsy-go-no-go',
      title: 'Launch review: saved searches',
      service: 'search',
      tags: ['launch'],
      fields: {
        launchAt: '2026-03-02T15:00:00Z',
        launchers: ['Ana Souza', 'Kenji Watanabe'],
        feature: 'Saved searches with e-mail alerts',
        checks: Object.fromEntries(
          [
            'testedEnough',
            'finalQa',
            'communicationReady',
            'inProductionForStaff',
            'darkLaunch',
            'percentageLaunch',
            'monitoring',
            'onOffSwitches',
            'leadsAvailable',
            'userFeedback',
            'successTime',
            'contingencyPlan',
          ].map((k) => [k, yes]),
        ),
        contingency: 'Turn off the `saved_searches` flag.',
        blockers: [
          { title: 'Load test the alert sender at 3x peak', kind: 'launch blocker', owner: 'Ana Souza', dueDate: today },
          { title: 'Support macro for saved searches', kind: 'process', owner: 'Kenji Watanabe', dueDate: today },
          { title: 'Dashboard and alert on alert-sender errors', kind: 'detect', owner: 'Ana Souza', dueDate: today },
        ],
      },
    },
  });
  // The demo library's incidents as further prototypes, so searches and similar incidents meet varied text.
  const demo: string[] = [];
  for (const r of DEMO_RCAS) {
    const fields = rcaFields(r);
    const actionsKey = r.template === 'google-sre-postmortem' ? 'actionItems' : 'nextSteps';
    // Three action items each, as the bulk copy below expects.
    const actions = [...(fields[actionsKey] as unknown[]), ...nextSteps(today)].slice(0, 3);
    const doc = await createDocument(db, {
      actor,
      input: {
        template: r.template ?? 'blameless-rca',
        title: r.title,
        severity: r.severity,
        service: r.service,
        tags: r.tags,
        fields: { ...fields, [actionsKey]: actions },
      },
    });
    demo.push(doc.id);
  }
  return { rca: rca.id, sre: sre.id, launch: launch.id, demo };
}

async function syntheticAuthor(db: Database): Promise<Actor> {
  const [found] = await db.select().from(users).where(eq(users.email, SYNTHETIC_AUTHOR.email));
  const user =
    found ??
    (await createUser(db, {
      email: SYNTHETIC_AUTHOR.email,
      name: SYNTHETIC_AUTHOR.name,
      role: 'editor',
      password: randomBytes(18).toString('base64url'),
    }));
  return toActor(user, 'system');
}

export type SyntheticOptions = { count: number; batch?: number; onProgress?: (done: number) => void };

/** Add `count` synthetic documents (see above); returns how many documents and action items were added. */
export async function seedSyntheticDocuments(db: Database, opts: SyntheticOptions): Promise<{ documents: number; actionItems: number }> {
  const actor = await syntheticAuthor(db);
  const proto = await prototypes(db, actor);
  const batch = opts.batch ?? 5000;
  const n = opts.count;
  // One run's ids: a deterministic UUID (version 4 bits, RFC variant) from a run salt and the row number.
  const salt = randomBytes(6).toString('hex');
  const uid = (expr: ReturnType<typeof sql>) =>
    sql`regexp_replace(overlay(overlay(md5(${salt} || ':' || ${expr}) placing '4' from 13) placing '8' from 17), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\1-\\2-\\3-\\4-\\5')`;
  // About four in five are incident reviews (the demo library's and two more), one in five a launch review.
  const pool = [proto.rca, proto.sre, ...proto.demo, ...Array.from({ length: Math.ceil((proto.demo.length + 2) / 4) }, () => proto.launch)];
  const protoOf = sql`(${JSON.stringify(pool)}::jsonb ->> (g % ${pool.length}))`;
  // A stable pseudo-random number in [0, 1) per row and purpose (random() would differ between the statements).
  const rnd = (k: number, expr = sql`g`) => sql`((hashint8((${expr})::bigint * 7919 + ${k}) & 2147483647)::float8 / 2147483648.0)`;
  // Created over the last three years, oldest first; edited up to 30 days later (never in the future).
  const created = sql`(now() - interval '1095 days' * (1 - g::float8 / ${n}) - interval '1 hour' * (${rnd(1)} * 24))`;
  const updated = sql`least(now(), ${created} + interval '1 day' * (${rnd(2)} * 30))`;
  const started = sql`(${created} - interval '1 day' * (${rnd(3)} * 5))`;
  const launchAt = sql`(${created} + interval '1 day' * (${rnd(4)} * 45))`;
  const statusOf = sql`(case when p.kind = 'checklist' then (array['draft','in_review','in_review','published','published','published','archived']::text[])[1 + floor(${rnd(5)} * 7)::int]
    else (array['draft','draft','in_review','published','published','published','published','published','published','archived']::text[])[1 + floor(${rnd(5)} * 10)::int] end)`;
  const minutes = sql`(10 + floor(${rnd(6)} * 600))::int`;
  const iso = (t: ReturnType<typeof sql>) => sql`to_char((${t}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  const fields = sql`(case when p.kind = 'checklist' then p.fields || jsonb_build_object('launchAt', ${iso(launchAt)})
    else p.fields || jsonb_build_object('startedAt', ${iso(started)}, 'endedAt', ${iso(sql`${started} + interval '1 minute' * ${minutes}`)}) end)`;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into documents (id, template_key, template_version, kind, title, status, severity, service, tags, fields, computed,
          started_at, ended_at, launch_at, impact_minutes, time_to_detect_minutes, time_to_resolve_minutes, version, content_version,
          decision, decision_changed_at, author_id, created_at, updated_at, published_at, published_by, search_text,
          search_key, search_sections, summary, factor_categories)
        select ${uid(sql`g`)}, p.template_key, p.template_version, p.kind, p.title || ' #' || g, s.status,
          case when p.kind = 'checklist' then null else (array['SEV1','SEV2','SEV2','SEV3','SEV3','SEV3','SEV4','SEV4','SEV5']::text[])[1 + floor(${rnd(7)} * 9)::int] end,
          (${textArray(SERVICES)})[1 + floor(${rnd(8)} * ${SERVICES.length})::int],
          array_remove(array[(${textArray(TAGS)})[1 + floor(${rnd(9)} * ${TAGS.length})::int], case when ${rnd(10)} < 0.6 then (${textArray(TAGS)})[1 + floor(${rnd(11)} * ${TAGS.length})::int] end], null),
          ${fields}, case when p.kind = 'checklist' then p.computed else p.computed || jsonb_build_object('impactMinutes', ${minutes}) end,
          case when p.kind = 'checklist' then null else ${started} end,
          case when p.kind = 'checklist' then null else ((${fields})->>'endedAt')::timestamptz end,
          case when p.kind = 'checklist' then ${launchAt} end,
          case when p.kind = 'checklist' then null else ${minutes} end, p.time_to_detect_minutes, p.time_to_resolve_minutes, 1, 1,
          case when p.kind = 'checklist' then (array['go','no_go','pending','pending']::text[])[1 + floor(${rnd(12)} * 4)::int] end,
          case when p.kind = 'checklist' then ${updated} end,
          ${actor.id}, ${created}, ${updated},
          case when s.status in ('published', 'archived') then ${updated} end,
          case when s.status in ('published', 'archived') then ${actor.id} end,
          p.search_text, p.search_key, p.search_sections, p.summary, p.factor_categories
        from generate_series(${from}::int, ${to}::int) g
        join documents p on p.id = ${protoOf}
        cross join lateral (select ${statusOf} as status) s`);
      await tx.execute(sql`
        insert into document_revisions (document_id, version, event, snapshot, changed, author_id, created_at)
        select ${uid(sql`g`)}, 1, 'create', r.snapshot || jsonb_build_object('title', d.title, 'status', d.status, 'fields', d.fields), '{}', ${actor.id}, d.created_at
        from generate_series(${from}::int, ${to}::int) g
        join documents d on d.id = ${uid(sql`g`)}
        join document_revisions r on r.document_id = ${protoOf} and r.version = 1`);
      // Due 1–90 days after the document was written; past-due items are mostly closed, about a third still open.
      const due = sql`(d.created_at + interval '1 day' * (1 + ${rnd(13, sql`g * 3 + k`)} * 89))::date`;
      const itemStatus = sql`(case when ${due} < current_date
          then (array['done','done','done','done','done','wont_do','open','open','in_progress']::text[])[1 + floor(${rnd(14, sql`g * 3 + k`)} * 9)::int]
          else (array['open','open','open','in_progress','done']::text[])[1 + floor(${rnd(14, sql`g * 3 + k`)} * 5)::int] end)`;
      await tx.execute(sql`
        insert into action_items (id, document_id, field_key, position, title, kind, owner, due_date, status, created_at, updated_at, completed_at)
        select ${uid(sql`'item:' || g || ':' || k`)}, d.id, a.field_key, k, a.title, a.kind,
          (${textArray(OWNERS)})[1 + floor(${rnd(15, sql`g * 3 + k`)} * ${OWNERS.length})::int],
          ${due}, st.status, d.created_at, d.updated_at,
          case when st.status in ('done', 'wont_do') then d.updated_at end
        from generate_series(${from}::int, ${to}::int) g
        cross join generate_series(0, 2) k
        join documents d on d.id = ${uid(sql`g`)}
        join action_items a on a.document_id = ${protoOf} and a.position = k
        cross join lateral (select ${itemStatus} as status) st`);
      // Launch reviews carry two sign-offs on their current content.
      await tx.execute(sql`
        insert into signoffs (id, document_id, user_id, signer_label, role, decision, comment, document_version, content_version, created_at)
        select ${uid(sql`'signoff:' || g || ':' || k`)}, d.id, ${actor.id}, ${SYNTHETIC_AUTHOR.name}, (array['Engineering lead','Product lead']::text[])[k + 1],
          case when ${rnd(16, sql`g * 2 + k`)} < 0.8 then 'go' else 'no_go' end, '', 1, 1, d.updated_at
        from generate_series(${from}::int, ${to}::int) g
        cross join generate_series(0, 1) k
        join documents d on d.id = ${uid(sql`g`)}
        where d.kind = 'checklist'`);
    });
    opts.onProgress?.(to);
  }
  await vacuumAnalyze(db);
  return { documents: n, actionItems: 3 * n };
}
