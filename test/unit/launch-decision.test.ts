import { describe, expect, it } from 'vitest';
import { decideLaunch, type DecisionFacts, type DecisionQuestion, type DecisionSignoff } from '../../app/lib/launch-decision';

const ROLES = ['Eng', 'Ops'];
const q = (key: string, answer: DecisionQuestion['answer'], over: Partial<DecisionQuestion> = {}): DecisionQuestion => ({
  key,
  label: `${key}?`,
  gate: false,
  required: true,
  answer,
  ...over,
});
let t = 0;
const sign = (signer: string, role: string, decision: 'go' | 'no_go', over: Partial<DecisionSignoff> = {}): DecisionSignoff => ({
  signer,
  signerLabel: signer,
  role,
  decision,
  stale: false,
  createdAt: new Date(Date.UTC(2026, 0, 1) + 1000 * t++).toISOString(),
  ...over,
});
const allGo = () => [sign('ann', 'Eng', 'go'), sign('bob', 'Ops', 'go')];
const facts = (over: Partial<DecisionFacts> = {}): DecisionFacts => ({
  roles: ROLES,
  questions: [q('tested', 'yes'), q('monitoring', 'yes', { gate: true }), q('optional', null, { required: false })],
  openBlockers: [],
  signoffs: allGo(),
  ...over,
});

describe('decideLaunch', () => {
  const table: { name: string; facts: DecisionFacts; state: 'go' | 'no_go' | 'pending'; reasons: (string | RegExp)[] }[] = [
    { name: 'everything met: Go', facts: facts(), state: 'go', reasons: [/every role \(Eng, Ops\) signed Go/] },
    {
      name: 'a gate answered n.a. passes',
      facts: facts({ questions: [q('monitoring', 'na', { gate: true })] }),
      state: 'go',
      reasons: [/signed Go/],
    },
    {
      name: 'an optional question left open does not hold a Go',
      facts: facts({ questions: [q('optional', null, { required: false })] }),
      state: 'go',
      reasons: [/signed Go/],
    },
    {
      name: 'a role without a Go: Pending, naming it',
      facts: facts({ signoffs: [sign('ann', 'Eng', 'go')] }),
      state: 'pending',
      reasons: ['No current Go from Ops'],
    },
    {
      name: 'a stale Go does not count',
      facts: facts({ signoffs: [sign('ann', 'Eng', 'go'), sign('bob', 'Ops', 'go', { stale: true })] }),
      state: 'pending',
      reasons: ['No current Go from Ops'],
    },
    {
      name: 'a stale No-Go does not block',
      facts: facts({ signoffs: [...allGo(), sign('cat', 'Ops', 'no_go', { stale: true })] }),
      state: 'go',
      reasons: [/signed Go/],
    },
    {
      name: 'an unanswered required question: Pending',
      facts: facts({ questions: [q('tested', null), q('monitoring', 'yes', { gate: true })] }),
      state: 'pending',
      reasons: ['Not answered: tested?'],
    },
    {
      name: 'an unanswered gate: Pending',
      facts: facts({ questions: [q('monitoring', null, { gate: true, required: false })] }),
      state: 'pending',
      reasons: ['Not answered: monitoring?'],
    },
    {
      name: 'an open launch blocker: Pending',
      facts: facts({ openBlockers: ['Publish the support macro'] }),
      state: 'pending',
      reasons: ['Launch blocker open: Publish the support macro'],
    },
    {
      name: 'Pending lists everything missing at once',
      facts: facts({ questions: [q('tested', null)], openBlockers: ['B'], signoffs: [] }),
      state: 'pending',
      reasons: ['Not answered: tested?', 'Launch blocker open: B', 'No current Go from Eng', 'No current Go from Ops'],
    },
    {
      name: 'a current No-Go: No-Go, saying who and why',
      facts: facts({ signoffs: [...allGo(), sign('cat', 'Ops', 'no_go', { comment: 'No alerts' })] }),
      state: 'no_go',
      reasons: ['No-Go from cat (Ops): No alerts'],
    },
    {
      name: 'a failed gate: No-Go, naming the gate, even with every Go',
      facts: facts({ questions: [q('monitoring', 'no', { gate: true })] }),
      state: 'no_go',
      reasons: ['Gate failed: monitoring? (answered No)'],
    },
    {
      name: 'No-Go wins over missing things and names every cause',
      facts: facts({ questions: [q('tested', null), q('monitoring', 'no', { gate: true })], signoffs: [sign('cat', 'Eng', 'no_go')] }),
      state: 'no_go',
      reasons: ['No-Go from cat (Eng)', 'Gate failed: monitoring? (answered No)'],
    },
    {
      name: 'a No to a required non-gate question alone is not a No-Go: it and its blocker hold the launch',
      facts: facts({ questions: [q('tested', 'no')], openBlockers: ['Answered No: tested?'] }),
      state: 'pending',
      reasons: ['Required question fails: tested? (answered No)', 'Launch blocker open: Answered No: tested?'],
    },
    {
      name: 'a No to an optional question holds nothing',
      facts: facts({ questions: [q('tested', 'yes'), q('nice', 'no', { required: false })] }),
      state: 'go',
      reasons: [/signed Go/],
    },
    {
      name: '"not yet" holds the launch like no answer, and says so',
      facts: facts({ questions: [q('tested', 'notyet'), q('monitoring', 'notyet', { gate: true })] }),
      state: 'pending',
      reasons: ['Not yet: tested?', 'Not yet: monitoring?'],
    },
    {
      name: 'an item whose passing answer is No (e.g. "any manual steps?") passes on No and fails on Yes',
      facts: facts({ questions: [q('manual', 'no', { gate: true, pass: ['no', 'na'] })] }),
      state: 'go',
      reasons: [/signed Go/],
    },
    {
      name: 'the same item answered Yes fails its gate',
      facts: facts({ questions: [q('manual', 'yes', { gate: true, pass: ['no', 'na'] })] }),
      state: 'no_go',
      reasons: ['Gate failed: manual? (answered Yes)'],
    },
    {
      name: 'a passing answer without the evidence the item requires holds the launch',
      facts: facts({ questions: [q('monitoring', 'yes', { gate: true, evidenceRequired: true, hasEvidence: false })] }),
      state: 'pending',
      reasons: ['Evidence missing: monitoring?'],
    },
    {
      name: 'n.a. needs no evidence, and a linked one satisfies the item',
      facts: facts({
        questions: [
          q('monitoring', 'na', { gate: true, evidenceRequired: true, hasEvidence: false }),
          q('tested', 'yes', { evidenceRequired: true, hasEvidence: true }),
        ],
      }),
      state: 'go',
      reasons: [/signed Go/],
    },
    {
      name: 'a waived gate counts as passing, and the Go names the waiver',
      facts: facts({
        questions: [q('monitoring', 'no', { gate: true, waiver: { approvedBy: 'Vic', role: 'Operations', expiresOn: '2027-01-31' } })],
      }),
      state: 'go',
      reasons: [/signed Go/, 'Waived: monitoring? (waived by Vic as Operations until 2027-01-31)'],
    },
    {
      name: 'a waived required question counts as passing too',
      facts: facts({
        questions: [q('tested', 'no', { waiver: { approvedBy: 'Vic', role: 'Operations', expiresOn: '2027-01-31' } })],
      }),
      state: 'go',
      reasons: [/signed Go/, /^Waived: tested\?/],
    },
    {
      name: 'the same signer changing No-Go to Go: the latest counts',
      facts: facts({ signoffs: [sign('ann', 'Eng', 'no_go'), sign('ann', 'Eng', 'go'), sign('bob', 'Ops', 'go')] }),
      state: 'go',
      reasons: [/signed Go/],
    },
    {
      name: 'the same signer changing Go to No-Go: the latest counts',
      facts: facts({ signoffs: [sign('ann', 'Eng', 'go'), sign('bob', 'Ops', 'go'), sign('ann', 'Eng', 'no_go')] }),
      state: 'no_go',
      reasons: ['No-Go from ann (Eng)'],
    },
    {
      name: 'no roles named: one current Go is enough',
      facts: facts({ roles: [], signoffs: [sign('ann', 'Anyone', 'go')] }),
      state: 'go',
      reasons: [/a signer signed Go/],
    },
    {
      name: 'no roles named and nobody signed: Pending',
      facts: facts({ roles: [], signoffs: [] }),
      state: 'pending',
      reasons: ['No current Go from anyone yet'],
    },
  ];

  it.each(table)('$name', ({ facts: f, state, reasons }) => {
    const out = decideLaunch(f);
    expect(out.state).toBe(state);
    expect(out.reasons).toHaveLength(reasons.length);
    reasons.forEach((r, i) => (typeof r === 'string' ? expect(out.reasons[i]).toBe(r) : expect(out.reasons[i]).toMatch(r)));
  });

  it('reports the parts separately as well', () => {
    const out = decideLaunch(
      facts({
        questions: [q('monitoring', 'no', { gate: true }), q('tested', null)],
        openBlockers: ['B'],
        signoffs: [sign('ann', 'Eng', 'go')],
      }),
    );
    expect(out).toMatchObject({
      failedGates: ['monitoring?'],
      unanswered: ['tested?'],
      openBlockers: ['B'],
      missingRoles: ['Ops'],
      noGoBy: [],
    });
  });
});
