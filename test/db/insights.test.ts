import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { updateActionItem } from '../../app/models/action-item-change.server';
import { getInsights, monthSeries } from '../../app/models/insights.server';
import type { Actor } from '../../app/models/types';

describe('monthSeries', () => {
  it('lists every month, across a year end, both ends included', () => {
    expect(monthSeries('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthSeries('2026-02', '2026-02')).toEqual(['2026-02']);
  });
});

describeEachBackend('insights', (db) => {
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  // A fixed clock: the period is counted back from March 2031, far from any other test's documents.
  const now = new Date('2031-03-20T12:00:00Z');
  beforeAll(async () => {
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
  });

  /** A published RCA: started at `start`, detected `detect` minutes later, over `resolve` minutes after the start. */
  async function published(start: string, detect: number, resolve: number, severity: string, service: string) {
    const at = (m: number) => new Date(Date.parse(start) + m * 60_000).toISOString();
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({
        severity,
        service,
        fields: { startedAt: start, endedAt: at(resolve), timeline: [{ at: at(detect), text: 'Alert fires', marker: 'detected' }] },
      }),
    });
    const r = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    return transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
  }

  async function launch(launchAt: string, answers: Record<string, string>) {
    const keys = [
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
    ];
    const checks = Object.fromEntries(
      keys.map((k) => [k, { answer: answers[k] ?? 'yes', note: answers[k] === 'no' ? 'not yet wired' : '' }]),
    );
    const doc = await createDocument(db(), {
      actor: editor,
      input: {
        template: 'etsy-go-no-go',
        title: `Launch at ${launchAt}`,
        service: 'insights-launch',
        fields: { launchAt, launchers: ['Ana'], feature: 'Gift cards', checks },
      },
    });
    return transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
  }

  it('shows every month of the period, empty ones included, with medians and 90th percentiles per month and overall', async () => {
    // January 2031: five incidents with skewed durations; February: none; March: one.
    const detects = [10, 20, 30, 40, 100];
    for (const [i, d] of detects.entries())
      await published(`2031-01-0${i + 1}T10:00:00Z`, d, d * 3, i === 0 ? 'SEV1' : 'SEV2', i < 2 ? 'Payments' : 'search-insights');
    await published('2031-03-02T10:00:00Z', 5, 60, 'SEV3', 'payments');
    // A draft does not count.
    await createDocument(db(), {
      actor: editor,
      input: rcaInput({ service: 'payments', fields: { startedAt: '2031-02-03T08:00:00Z', endedAt: '2031-02-03T09:00:00Z' } }),
    });

    const r = await getInsights(db(), { actor: editor, months: 3, today: '2000-01-01', now });
    expect(r.range).toEqual({ from: '2031-01', to: '2031-03' });
    expect(r.months.map((m) => [m.month, m.incidents])).toEqual([
      ['2031-01', 5],
      ['2031-02', 0],
      ['2031-03', 1],
    ]);
    const jan = r.months[0];
    expect(jan.severities).toMatchObject({ SEV1: 1, SEV2: 4, SEV3: 0 });
    expect(jan.impactMinutes).toBe(detects.reduce((n, d) => n + d * 3, 0));
    // percentile_cont over 10, 20, 30, 40, 100: median 30; p90 = 40 + 0.6 × (100 − 40) = 76.
    expect(jan.detect).toEqual({ median: 30, p90: 76 });
    expect(jan.resolve).toEqual({ median: 90, p90: 228 });
    expect(r.months[1]).toMatchObject({ incidents: 0, detect: { median: null, p90: null } });
    // Over the whole period: 5, 10, 20, 30, 40, 100 → median 25, p90 70.
    expect(r.totals).toMatchObject({ incidents: 6, detect: { median: 25, p90: 70 } });
  });

  it('counts contributing-factor categories by incidents, impact and month (an incident once per category), most incidents then most impact first', async () => {
    const later = new Date('2032-06-20T12:00:00Z');
    const withFactors = async (start: string, resolve: number, factors: [string, string[]][]) => {
      const doc = await createDocument(db(), {
        actor: editor,
        input: rcaInput({
          service: 'factor-insights',
          fields: {
            startedAt: start,
            endedAt: new Date(Date.parse(start) + resolve * 60_000).toISOString(),
            timeline: [{ at: start, text: 'Alert fires', marker: 'detected' }],
            factors: factors.map(([text, categories]) => ({ text, categories })),
          },
        }),
      });
      const r = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
      await transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
    };
    // Two categories in one factor and the same category in two factors: each counts once for the incident.
    await withFactors('2032-04-03T10:00:00Z', 60, [
      ['No alert on queue age', ['monitoring gap', 'capacity']],
      ['Dashboard hid the backlog', ['monitoring gap']],
    ]);
    await withFactors('2032-06-01T10:00:00Z', 30, [['Disk filled', ['capacity']]]);
    await withFactors('2032-06-05T10:00:00Z', 15, [['Flag flipped', ['change']]]);
    const r = await getInsights(db(), { actor: editor, months: 3, today: '2000-01-01', now: later, service: 'factor-insights' });
    expect(r.factors).toEqual([
      { category: 'capacity', incidents: 2, impactMinutes: 90, byMonth: { '2032-04': 1, '2032-06': 1 } },
      { category: 'monitoring gap', incidents: 1, impactMinutes: 60, byMonth: { '2032-04': 1 } },
      { category: 'change', incidents: 1, impactMinutes: 15, byMonth: { '2032-06': 1 } },
    ]);
  });

  it('filters by service in any case and by template; a viewer sees only what it may read', async () => {
    const r = await getInsights(db(), { actor: editor, months: 3, today: '2000-01-01', now, service: 'PAYMENTS' });
    expect(r.totals.incidents).toBe(3);
    expect(r.services).toEqual([
      { service: 'Payments', incidents: 2, impactMinutes: 90 },
      { service: 'payments', incidents: 1, impactMinutes: 60 },
    ]);
    const other = await getInsights(db(), { actor: editor, months: 3, today: '2000-01-01', now, template: 'google-sre-postmortem' });
    expect(other.totals.incidents).toBe(0);
    expect(other.months).toHaveLength(3);
    const seen = await getInsights(db(), { actor: viewer, months: 3, today: '2000-01-01', now });
    expect(seen.totals.incidents).toBe(6);
  });

  it('counts action items created and done per month, overdue, and completion by kind', async () => {
    const doc = await published('2031-03-05T10:00:00Z', 1, 2, 'SEV4', 'actions-insights');
    const [item] = doc.actionItems;
    const done = await updateActionItem(db(), { actor: editor, id: item.id, input: { status: 'done', version: item.version } });
    expect(done.status).toBe('done');
    const r = await getInsights(db(), { actor: editor, months: 3, today: '2000-01-01', now: new Date(), service: 'actions-insights' });
    const thisMonth = r.months.at(-1)!;
    expect(thisMonth).toMatchObject({ actionsCreated: 1, actionsDone: 1 });
    expect(r.actions.byKind.find((k) => k.kind === 'prevent')).toEqual({ kind: 'prevent', total: 1, done: 1, wontDo: 0, open: 0 });
    const overdue = await getInsights(db(), { actor: editor, months: 3, today: '2999-01-01', now, service: 'payments' });
    expect(overdue.actions.overdue).toBe(3);
  });

  it('counts launches Go, No-Go and pending by launch month, with blockers per launch; all time starts at the first record', async () => {
    await launch('2031-02-10T15:00:00Z', { monitoring: 'no' });
    await launch('2031-02-11T15:00:00Z', {});
    const r = await getInsights(db(), { actor: editor, months: 3, today: '2000-01-01', now, service: 'insights-launch' });
    expect(r.months.find((m) => m.month === '2031-02')).toMatchObject({ launchesGo: 0, launchesNoGo: 1, launchesPending: 1 });
    expect(r.launches).toMatchObject({ launches: 2, go: 0, noGo: 1, pending: 1, blockers: 1, blockersPerLaunch: 0.5 });
    const all = await getInsights(db(), { actor: editor, months: 'all', today: '2000-01-01', now, service: 'insights-launch' });
    expect(all.range).toEqual({ from: '2031-02', to: '2031-03' });
  });
});
