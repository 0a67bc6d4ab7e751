import type { Database } from './client';
import { countUsers, createUser } from '../app/models/user.server';
import { createDocument, transitionDocument } from '../app/models/document.server';
import { createSignoff } from '../app/models/signoff.server';
import { addLink } from '../app/models/link.server';
import { createRequest } from '../app/models/review-request.server';
import { proposeQuestion } from '../app/models/template-proposal.server';
import { toActor } from '../app/models/user.server';
import { DEMO_RCAS } from './demo/rcas';
import { DEMO_LAUNCHES } from './demo/launches';
import { createDemoLaunches, createDemoRcas, createDemoReadingList, createSigners } from './demo/build';

export const DEMO_EDITOR = { email: 'demo@kaizen.local', password: 'kaizen-demo-2026', name: 'Demo Editor' } as const;
/** A second editor: publishing is approved by someone other than the author, so the demo needs two people. */
export const DEMO_REVIEWER = { email: 'reviewer@kaizen.local', password: 'kaizen-demo-2026', name: 'Demo Reviewer' } as const;

/** Demo content for a new, empty database: about 25 published RCAs over three years, five launch reviews, a reading list, an open template proposal. Returns false if the database already has users. */
export async function seedDemoContent(db: Database): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  const user = await createUser(db, { email: DEMO_EDITOR.email, name: DEMO_EDITOR.name, role: 'editor', password: DEMO_EDITOR.password });
  const actor = toActor(user, 'system');
  const reviewer = toActor(
    await createUser(db, { email: DEMO_REVIEWER.email, name: DEMO_REVIEWER.name, role: 'editor', password: DEMO_REVIEWER.password }),
    'system',
  );

  // The author submits; the reviewer publishes.
  const publish = async (id: string, version: number) => {
    const r = await transitionDocument(db, { actor, id, input: { to: 'in_review', version } });
    await transitionDocument(db, { actor: reviewer, id, input: { to: 'published', version: r.version } });
  };

  const primary = await createDocument(db, {
    actor,
    input: {
      template: 'blameless-rca',
      title: 'Checkout database failover left writes read-only',
      severity: 'SEV1',
      service: 'checkout',
      tags: ['database', 'failover', 'postgresql'],
      fields: {
        environment: 'production, us-east-1',
        affected: 'Checkout and order history for all customers',
        team: ['Priya Raman', 'Jon Okafor', 'Mei Lin'],
        referenceId: 'INC-2041',
        chatReferences: [{ url: 'https://chat.example.com/archives/inc-2041', label: '#inc-2041' }],
        occurredOn: '2026-06-15',
        rcaCompletedOn: '2026-06-19',
        startedAt: '2026-06-15T22:04:00Z',
        detectedAt: '2026-06-15T22:09:00Z',
        endedAt: '2026-06-16T22:44:00Z',
        timeline: [
          { at: '2026-06-15T22:04:00Z', text: 'Primary db-checkout-1 loses its disk; automated failover starts.' },
          { at: '2026-06-15T22:09:00Z', text: 'Alert: checkout error rate above 5%. On-call paged.', marker: 'detected' },
          { at: '2026-06-15T22:31:00Z', text: 'Replica promoted, but the connection pooler still points at the old primary.' },
          {
            at: '2026-06-15T23:10:00Z',
            text: 'Pooler config updated by hand; reads recover, writes fail as read-only.',
            marker: 'mitigated',
          },
          { at: '2026-06-16T21:50:00Z', text: 'Root cause found: promoted replica kept default_transaction_read_only = on.' },
          {
            at: '2026-06-16T22:44:00Z',
            text: 'Setting cleared and pg_basebackup of a new replica started; writes succeed.',
            marker: 'resolved',
          },
        ],
        symptoms:
          'Customers saw **"Something went wrong"** at the payment step. The `checkout_write_errors` graph rose from 0 to 1,200 per minute.',
        whatHappened:
          'The primary database host lost its disk. Failover promoted the replica, but two things kept writes failing:\n\n- the connection pooler configuration was not part of the failover runbook;\n- the replica had been built from a template that sets `default_transaction_read_only = on`.',
        rootCause:
          'Replicas and primaries shared one configuration template, and nothing checked that a promoted replica accepts writes. The runbook did not cover the pooler, so mitigation depended on remembering an undocumented step.',
        factors: [
          { text: 'Replicas and primaries shared one configuration template', categories: ['configuration'] },
          { text: 'The failover runbook left out the connection pooler', categories: ['knowledge', 'process'] },
          { text: 'Nothing checked that a promoted replica accepts writes', categories: ['testing', 'automation'] },
        ],
        nextSteps: [
          {
            title: 'Add a write probe to the failover script and fail loudly when it cannot write',
            kind: 'detect',
            owner: 'Jon Okafor',
            dueDate: '2026-07-01',
            status: 'done',
          },
          {
            title: 'Split primary and replica configuration templates',
            kind: 'prevent',
            owner: 'Priya Raman',
            dueDate: '2026-07-15',
            status: 'in_progress',
            url: 'https://tracker.example.com/DB-311',
          },
          {
            title: 'Put the pooler update in the failover runbook and automate it',
            kind: 'mitigate',
            owner: 'Mei Lin',
            dueDate: '2026-06-30',
          },
        ],
      },
    },
  });
  await publish(primary.id, primary.version);

  const cdn = await createDocument(db, {
    actor,
    input: {
      template: 'blameless-rca',
      title: 'Expired TLS certificate on the image CDN',
      severity: 'SEV2',
      service: 'media',
      tags: ['tls', 'cdn'],
      fields: {
        environment: 'production, all regions',
        affected: 'Product images on web and mobile',
        team: ['Sam Ortiz', 'Lena Fischer'],
        referenceId: 'INC-2077',
        occurredOn: '2026-08-02',
        startedAt: '2026-08-02T00:00:00Z',
        detectedAt: '2026-08-02T00:41:00Z',
        endedAt: '2026-08-02T01:35:00Z',
        timeline: [
          { at: '2026-08-02T00:00:00Z', text: 'Certificate for img.example.com expires.' },
          { at: '2026-08-02T00:41:00Z', text: 'Support reports broken images from several customers.', marker: 'detected' },
          { at: '2026-08-02T01:20:00Z', text: 'New certificate issued and uploaded to the CDN.', marker: 'mitigated' },
          { at: '2026-08-02T01:35:00Z', text: 'CDN edge caches refreshed; images load everywhere.', marker: 'resolved' },
        ],
        symptoms: 'Browsers refused image requests with `NET::ERR_CERT_DATE_INVALID`.',
        whatHappened: 'The certificate had been issued by hand two years earlier, outside the automated renewal system.',
        rootCause: 'Certificates issued outside automation had no expiry monitoring.',
        factors: [
          { text: 'The CDN certificate was issued by hand, outside automated renewal', categories: ['process', 'automation'] },
          { text: 'No expiry monitoring for certificates issued by hand', categories: ['monitoring gap'] },
        ],
        nextSteps: [
          {
            title: 'Monitor expiry of every certificate served by our domains',
            kind: 'detect',
            owner: 'Lena Fischer',
            dueDate: '2026-09-01',
          },
          {
            title: 'Move the CDN certificate to automated renewal',
            kind: 'prevent',
            owner: 'Sam Ortiz',
            dueDate: '2026-08-20',
            status: 'done',
          },
        ],
      },
    },
  });
  await publish(cdn.id, cdn.version);

  await createDocument(db, {
    actor,
    input: {
      template: 'blameless-rca',
      title: 'Search latency spike after index rebuild',
      severity: 'SEV3',
      service: 'search',
      tags: ['search', 'latency'],
      fields: {
        environment: 'production, eu-west-1',
        affected: 'Search results page',
        startedAt: '2026-10-05T09:12:00Z',
        endedAt: '2026-10-05T10:02:00Z',
        timeline: [{ at: '2026-10-05T09:12:00Z', text: 'p99 search latency rises from 180 ms to 2.4 s after the nightly index rebuild.' }],
        symptoms: 'Slow search results; some requests timed out after 5 s.',
        // Owned by the demo account (its name links it): listed under "For me".
        nextSteps: [
          { title: 'Move the index rebuild out of peak hours', kind: 'prevent', owner: DEMO_EDITOR.email, dueDate: '2026-12-18' },
        ],
      },
    },
  });

  const launch = await createDocument(db, {
    actor,
    input: {
      template: 'etsy-go-no-go',
      title: 'Launch review: one-click reorder',
      service: 'orders',
      tags: ['launch', 'orders'],
      fields: {
        launchAt: '2026-12-01T15:00:00Z',
        launchers: ['Ana Souza', 'Kenji Watanabe'],
        feature: 'One-click reorder from the order history page',
        checks: {
          testedEnough: {
            answer: 'yes',
            note: 'Load tested to 3x peak.',
            evidence: [{ label: 'Load test report', url: 'https://ci.example.com/load-tests/reorder', checkedOn: '2026-11-24' }],
          },
          finalQa: { answer: 'yes', note: '' },
          communicationReady: { answer: 'no', note: 'Support macro still in review.' },
          inProductionForStaff: { answer: 'yes', note: 'Two weeks for staff.' },
          darkLaunch: { answer: 'yes', note: '' },
          percentageLaunch: { answer: 'yes', note: '1% → 10% → 50% → 100% over two days.' },
          monitoring: {
            answer: 'yes',
            note: 'Dashboard "reorder" and alerts on error rate.',
            evidence: [
              { label: 'Reorder dashboard', url: 'https://grafana.example.com/d/reorder', checkedOn: '2026-11-27' },
              { label: 'Alert: reorder error rate', url: 'https://alerts.example.com/rules/reorder-errors', checkedOn: '2026-09-30' },
            ],
          },
          onOffSwitches: {
            answer: 'yes',
            note: 'Flag reorder_enabled.',
            evidence: [{ label: 'Runbook: turn off reorder', url: 'https://wiki.example.com/runbooks/reorder', checkedOn: '2026-11-20' }],
          },
          leadsAvailable: { answer: 'yes', note: '' },
          userFeedback: { answer: 'yes', note: 'Feedback form on the order page.' },
          successTime: { answer: 'yes', note: 'Two days after 100%.' },
          contingencyPlan: { answer: 'yes', note: 'See below.' },
        },
        contingency: 'Turn off the `reorder_enabled` flag; the order page falls back to the old flow.',
        contingencyRows: [
          {
            risk: 'Reorders charge the wrong card',
            response: 'Turn reorder off; refund affected orders',
            owner: 'Ana Souza',
            switch: 'reorder_enabled',
          },
          {
            risk: 'Order history page slows down',
            response: 'Back to 1% and profile the history query',
            owner: 'Kenji Watanabe',
            switch: 'reorder_percent',
          },
        ],
        blockers: [{ title: 'Publish the support macro', kind: 'launch blocker', owner: 'Ana Souza', dueDate: '2026-11-28' }],
      },
    },
  });
  // In review with one Go: the decision stays Pending (a blocker is open, three roles have not signed).
  await transitionDocument(db, { actor, id: launch.id, input: { to: 'in_review', version: launch.version } });
  await createSignoff(db, {
    actor: reviewer,
    documentId: launch.id,
    input: { role: 'Engineering lead', decision: 'go', comment: 'Load tests look good.' },
  });
  // The reviewer asks the demo account to sign as Operations: a notice in its inbox, and a sign-off under "For me".
  await createRequest(db, {
    actor: reviewer,
    documentId: launch.id,
    input: { kind: 'signoff', account: DEMO_EDITOR.email, role: 'Operations' },
  });

  // The library: three years of reviews, launches with their decisions, a reading list with reads.
  const people = {
    author: actor,
    reviewer,
    signers: await createSigners(db, ['Engineering lead', 'Product owner', 'Operations', 'Support']),
  };
  const rcas = await createDemoRcas(db, people, DEMO_RCAS);
  const launches = await createDemoLaunches(db, people, DEMO_LAUNCHES);
  // The incident the ranking launch caused, and incidents that belong together.
  const link = (id: string, kind: string, to: string) => addLink(db, { actor, id, input: { kind, to } });
  await link(rcas.rankingLaunch, 'caused_by_launch', launches.ranking);
  await link(cdn.id, 'related_incident', rcas.paymentsCert);
  await link(primary.id, 'related_incident', rcas.ordersPool);
  await link(rcas.resizerHoliday, 'follow_up_of', rcas.searchBlackFriday);
  // What the certificate outage taught, proposed for the Go/No-Go checklist and waiting for an admin.
  await proposeQuestion(db, {
    actor: { ...reviewer, via: 'session' },
    id: rcas.paymentsCert,
    input: {
      template: 'etsy-go-no-go',
      field: 'checks',
      question: 'Do new endpoints’ certificates renew themselves, with an expiry alert?',
      help: 'Automatic renewal, and an alert 30 days before any certificate expires.',
      reason: 'The payments API certificate expired unnoticed: nothing renewed it, and nothing warned before it did.',
    },
  });
  // The seed curates as an admin would (the demo has no admin account: the first person to open /setup makes one).
  await createDemoReadingList(
    db,
    { ...reviewer, role: 'admin' },
    [
      // Reads as the two demo editors would make them opening the pages (a system actor's reads are not counted).
      { ...actor, via: 'session' },
      { ...reviewer, via: 'session' },
    ],
    [primary.id, rcas.gatewayTypo, rcas.alertStorm, rcas.paymentsCert, cdn.id],
  );
  return true;
}
