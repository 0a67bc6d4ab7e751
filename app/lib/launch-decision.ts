// The launch decision rules as one pure function, so they can be table-tested and every reader
// (page, API, PDF certificate, /launches) gets the same answer from the same facts.
import { gateMet } from '~/fields/checklist/text';

export type LaunchDecisionState = 'go' | 'no_go' | 'pending';

export type DecisionQuestion = {
  key: string;
  label: string;
  /** A gate must be answered yes (or n.a.) for a Go; a No fails the launch. */
  gate: boolean;
  /** A required question must be answered (a gate always is). */
  required: boolean;
  answer: 'yes' | 'no' | 'na' | null;
};

export type DecisionSignoff = {
  /** Who signed (user id when known, else the label): a later sign-off by the same signer for the same role replaces the earlier one. */
  signer: string;
  signerLabel: string;
  role: string;
  decision: 'go' | 'no_go';
  comment?: string;
  /** Signed on older content: does not count. */
  stale: boolean;
  createdAt: string;
};

export type DecisionFacts = {
  /** Roles whose current Go is needed; with none named, at least one current Go is. */
  roles: string[];
  questions: DecisionQuestion[];
  /** Titles of launch-blocker action items still open or in progress. */
  openBlockers: string[];
  signoffs: DecisionSignoff[];
};

export type DecisionOutcome = {
  state: LaunchDecisionState;
  /** Why, in words a reader understands: for No-Go what fails, for Pending what is missing. */
  reasons: string[];
  noGoBy: string[];
  failedGates: string[];
  unanswered: string[];
  openBlockers: string[];
  missingRoles: string[];
};

const _passes = (a: DecisionQuestion['answer']) => gateMet(a);

/**
 * Go only when every gate passes, every required question is answered, no launch blocker is open
 * and every required role has a current Go. No-Go when any current sign-off is No-Go or a gate
 * fails. Pending otherwise.
 */
export function decideLaunch(facts: DecisionFacts): DecisionOutcome {
  const latest = new Map<string, DecisionSignoff>();
  for (const s of [...facts.signoffs].sort((a, b) => a.createdAt.localeCompare(b.createdAt)))
    if (!s.stale) latest.set(`${s.signer}\u0000${s.role}`, s);
  const current = [...latest.values()];
  const noGo = current.filter((s) => s.decision === 'no_go');
  const noGoBy = noGo.map((s) => `${s.signerLabel} (${s.role})`);
  const goRoles = new Set(current.filter((s) => s.decision === 'go').map((s) => s.role));
  const missingRoles = facts.roles.filter((r) => !goRoles.has(r));
  const failedGates = facts.questions.filter((q) => q.gate && q.answer === 'no').map((q) => q.label);
  const unanswered = facts.questions.filter((q) => (q.gate || q.required) && !q.answer).map((q) => q.label);
  const openBlockers = [...facts.openBlockers];
  const outcome = { noGoBy, failedGates, unanswered, openBlockers, missingRoles };

  if (noGo.length || failedGates.length) {
    return {
      ...outcome,
      state: 'no_go',
      reasons: [
        ...noGo.map((s) => `No-Go from ${s.signerLabel} (${s.role})${s.comment ? `: ${s.comment}` : ''}`),
        ...failedGates.map((g) => `Gate failed: ${g} (answered No)`),
      ],
    };
  }
  const missing = [
    ...unanswered.map((q) => `Not answered: ${q}`),
    ...openBlockers.map((b) => `Launch blocker open: ${b}`),
    ...(facts.roles.length ? missingRoles.map((r) => `No current Go from ${r}`) : goRoles.size ? [] : ['No current Go from anyone yet']),
  ];
  if (missing.length) return { ...outcome, state: 'pending', reasons: missing };
  return {
    ...outcome,
    state: 'go',
    reasons: [
      `Every gate passes, every required question is answered, no launch blocker is open, and ${facts.roles.length ? `every role (${facts.roles.join(', ')})` : 'a signer'} signed Go on the current content.`,
    ],
  };
}
