// The launch decision rules as one pure function, so they can be table-tested and every reader
// (page, API, PDF certificate, /launches) gets the same answer from the same facts.
import { DEFAULT_PASS, isAnswered } from '~/fields/checklist/text';

export type LaunchDecisionState = 'go' | 'no_go' | 'pending';

export type DecisionQuestion = {
  key: string;
  label: string;
  /** A gate must be answered yes (or n.a.) for a Go; a No fails the launch. */
  gate: boolean;
  /** A required question must be answered (a gate always is). */
  required: boolean;
  /** "Not yet" holds the decision like no answer; it never fails it. */
  answer: 'yes' | 'no' | 'na' | 'notyet' | null;
  /** Answers that pass (absent: yes and n.a.). */
  pass?: readonly string[];
  /** A passing answer needs an evidence link, and has one when `hasEvidence`. */
  evidenceRequired?: boolean;
  hasEvidence?: boolean;
  /** A waiver valid now: the failing answer counts as passing. */
  waiver?: { approvedBy: string; role: string; expiresOn: string; reason?: string; risk?: string } | null;
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
  /** Required (non-gate) questions whose answer does not pass. */
  failedRequired: string[];
  /** Gate or required questions that pass but lack the evidence the template asks for. */
  missingEvidence: string[];
  /** Questions whose failing answer a valid waiver covers, with who approved it until when. */
  waived: string[];
  openBlockers: string[];
  missingRoles: string[];
};

const passes = (q: DecisionQuestion) => isAnswered(q.answer) && (q.pass ?? DEFAULT_PASS).includes(q.answer as string);
/** Answered, and the answer does not pass. */
const fails = (q: DecisionQuestion) => isAnswered(q.answer) && !passes(q);

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
  const counted = facts.questions.filter((q) => q.gate || q.required);
  const failedGates = counted.filter((q) => q.gate && fails(q) && !q.waiver).map((q) => q.label);
  const failedRequired = counted.filter((q) => !q.gate && fails(q) && !q.waiver).map((q) => q.label);
  const unanswered = counted.filter((q) => !isAnswered(q.answer)).map((q) => q.label);
  const notYet = new Set(counted.filter((q) => q.answer === 'notyet').map((q) => q.label));
  const missingEvidence = counted.filter((q) => q.evidenceRequired && passes(q) && q.answer !== 'na' && !q.hasEvidence).map((q) => q.label);
  const waived = counted
    .filter((q) => fails(q) && q.waiver)
    .map((q) => `${q.label} (waived by ${q.waiver?.approvedBy} as ${q.waiver?.role} until ${q.waiver?.expiresOn})`);
  const openBlockers = [...facts.openBlockers];
  const outcome = { noGoBy, failedGates, unanswered, failedRequired, missingEvidence, waived, openBlockers, missingRoles };

  if (noGo.length || failedGates.length) {
    return {
      ...outcome,
      state: 'no_go',
      reasons: [
        ...noGo.map((s) => `No-Go from ${s.signerLabel} (${s.role})${s.comment ? `: ${s.comment}` : ''}`),
        ...failedGates.map((g) => `Gate failed: ${g}${answerOf(facts, g)}`),
      ],
    };
  }
  const missing = [
    ...unanswered.map((q) => (notYet.has(q) ? `Not yet: ${q}` : `Not answered: ${q}`)),
    ...failedRequired.map((q) => `Required question fails: ${q}${answerOf(facts, q)}`),
    ...missingEvidence.map((q) => `Evidence missing: ${q}`),
    ...openBlockers.map((b) => `Launch blocker open: ${b}`),
    ...(facts.roles.length ? missingRoles.map((r) => `No current Go from ${r}`) : goRoles.size ? [] : ['No current Go from anyone yet']),
  ];
  if (missing.length) return { ...outcome, state: 'pending', reasons: missing };
  return {
    ...outcome,
    state: 'go',
    reasons: [
      `Every gate passes, every required question is answered, no launch blocker is open, and ${facts.roles.length ? `every role (${facts.roles.join(', ')})` : 'a signer'} signed Go on the current content.`,
      ...waived.map((w) => `Waived: ${w}`),
    ],
  };
}

const ANSWER_WORDS: Record<string, string> = { yes: 'Yes', no: 'No', na: 'N/A' };
/** " (answered No)" for the question labelled `label`. */
function answerOf(facts: DecisionFacts, label: string): string {
  const a = facts.questions.find((q) => q.label === label)?.answer;
  return a ? ` (answered ${ANSWER_WORDS[a] ?? a})` : '';
}
