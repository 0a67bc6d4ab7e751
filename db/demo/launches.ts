/**
 * The demo library's launch reviews beside "one-click reorder" (db/seed.ts): a Go that later caused an incident
 * (search ranking v2, see DEMO_RCAS rankingLaunch), a Go from last year, a No-Go, and one coming up.
 */
type Answer = 'yes' | 'no' | 'na';
export type DemoLaunch = {
  key: string;
  title: string;
  service: string;
  tags: string[];
  launchAt: string;
  launchers: string[];
  feature: string;
  /** Answers by checklist key with a note; keys left out are unanswered. */
  checks: Record<string, [Answer, string]>;
  contingency: string;
  /** The contingency plan as rows: risk, planned response, owner, the on/off switch to use. */
  plan?: [risk: string, response: string, owner: string, onOff: string][];
  blockers: [title: string, owner: string, due: string, status: 'open' | 'done'][];
  /** Sign-offs by role (all four Go make a Go; one No-Go makes a No-Go); none leaves the review a draft. */
  signoffs: [role: string, decision: 'go' | 'no_go', comment: string][];
};

const allYes = (notes: Record<string, string> = {}): Record<string, [Answer, string]> =>
  Object.fromEntries(
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
    ].map((k) => [k, ['yes', notes[k] ?? ''] as [Answer, string]]),
  );

const GO: DemoLaunch['signoffs'] = [
  ['Engineering lead', 'go', 'Load and failure tests reviewed.'],
  ['Product owner', 'go', ''],
  ['Operations', 'go', 'Dashboards and alerts in place.'],
  ['Support', 'go', 'Macros published.'],
];

export const DEMO_LAUNCHES: DemoLaunch[] = [
  {
    key: 'giftCards',
    title: 'Launch review: gift cards',
    service: 'payments',
    tags: ['launch', 'payments'],
    launchAt: '2024-11-20T15:00:00Z',
    launchers: ['Ravi Shah', 'Ana Souza'],
    feature: 'Digital gift cards bought and redeemed at checkout',
    checks: {
      ...allYes({ testedEnough: 'Load tested to 2x peak.', successTime: 'One week after launch.' }),
      monitoring: ['no', 'No alert yet on redemption failures.'],
      percentageLaunch: ['no', 'Gift cards cannot be shown to part of the traffic: balances are shared.'],
    },
    contingency: 'Hide the gift card option at checkout with the `gift_cards` flag; issued cards stay redeemable.',
    plan: [
      ['Redemptions fail at checkout', 'Hide gift cards at checkout; honour affected orders by hand', 'Ravi Shah', 'gift_cards'],
      ['Balances double-spent under load', 'Freeze redemption, reconcile from the ledger', 'Ana Souza', 'gift_cards_redeem'],
    ],
    blockers: [['Alert on gift card redemption failures', 'Ravi Shah', '2024-11-18', 'done']],
    signoffs: [
      ['Engineering lead', 'go', ''],
      ['Operations', 'no_go', 'Not before the holiday freeze without redemption alerts; relaunch in January.'],
    ],
  },
  {
    key: 'euResidency',
    title: 'Launch review: EU data residency for uploads',
    service: 'media',
    tags: ['launch', 'privacy', 'storage'],
    launchAt: '2025-06-02T08:00:00Z',
    launchers: ['Lena Fischer', 'Sam Ortiz'],
    feature: 'Uploads from EU sellers stored only in eu-west-1',
    checks: allYes({
      testedEnough: 'Migration rehearsed twice on a copy of production.',
      darkLaunch: 'Dual writes for two weeks, reads still from us-east-1.',
      percentageLaunch: 'By seller cohort: 1%, 10%, 100%.',
      successTime: 'When the dual-write comparison shows no difference for 7 days.',
    }),
    contingency: 'Switch reads back to us-east-1 with `eu_reads`; dual writes continue until the decision.',
    plan: [
      ['EU bucket latency above 500 ms p99', 'Read from us-east-1 again; keep dual writes', 'Lena Fischer', 'eu_reads'],
      ['Objects missing in eu-west-1', 'Re-run the copy job for the cohort; reads stay in us-east-1', 'Sam Ortiz', 'eu_reads'],
      ['Legal asks to pause', 'Stop new cohorts; nothing to roll back', 'Lena Fischer', '—'],
    ],
    blockers: [],
    signoffs: GO,
  },
  {
    key: 'ranking',
    title: 'Launch review: search ranking v2',
    service: 'search',
    tags: ['launch', 'search', 'ranking'],
    launchAt: '2026-11-10T14:00:00Z',
    launchers: ['Sam Ortiz', 'Kenji Watanabe'],
    feature: 'A learned ranking model for search results',
    checks: allYes({
      testedEnough: 'Offline evaluation on 20,000 single-word queries.',
      percentageLaunch: '10% → 50% → 100%.',
      monitoring: 'Zero-result rate alert at 20%.',
      onOffSwitches: 'Flag ranking_v2.',
      successTime: 'Two weeks at 100% with no drop in search conversion.',
    }),
    contingency: 'Turn off `ranking_v2`; results fall back to the old ranking instantly.',
    plan: [
      ['Zero-result rate above 20%', 'Turn ranking v2 off; results fall back at once', 'Sam Ortiz', 'ranking_v2'],
      ['Search conversion drops', 'Back to 10% while the model is retrained', 'Kenji Watanabe', 'ranking_v2_percent'],
    ],
    blockers: [],
    signoffs: GO,
  },
  {
    key: 'passwordless',
    title: 'Launch review: passwordless sign-in',
    service: 'identity',
    tags: ['launch', 'login', 'security'],
    launchAt: '2026-12-14T10:00:00Z',
    launchers: ['Grace Kim'],
    feature: 'Sign in with a passkey or an emailed link',
    checks: {
      testedEnough: ['yes', 'Security review done; load test pending.'],
      darkLaunch: ['yes', 'Staff only since November.'],
      onOffSwitches: ['yes', 'Flag passwordless.'],
    },
    contingency: '',
    blockers: [['Load test the emailed-link path at 3x peak', 'Grace Kim', '2026-12-10', 'open']],
    signoffs: [],
  },
];
