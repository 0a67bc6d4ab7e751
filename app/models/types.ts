import type { Template } from '../../templates/schema';
import type { ActionKind, ActionStatus, DocumentStatus, ProposalStatus, Role, Severity, SignoffDecision } from '../../db/schema';

export type { ActionKind, ActionStatus, DocumentStatus, ProposalStatus, Role, Severity, SignoffDecision };

/** Who is asking. Every model function that reads or writes takes one. */
export type Actor = { id: string; email: string; name: string; role: Role; via?: 'session' | 'token' | 'system'; tokenId?: string };

export type TimelineEntry = {
  at: string /* UTC ISO 'YYYY-MM-DDTHH:mm:ssZ' */;
  text: string;
  marker?: 'detected' | 'mitigated' | 'resolved';
};
export type LinkValue = { url: string; label?: string };
/** A contributing factor: a short statement and its categories (names from the shared vocabulary). */
export type FactorValue = { text: string; categories: string[] };
/** One row of a table field: cell text by column key (cells left empty are left out). */
export type TableRow = Record<string, string>;
/** A link a reviewer can open to see an answer is true, with the day someone last checked it still is. */
export type ChecklistEvidence = { label: string; url: string /** YYYY-MM-DD */; checkedOn: string };
export type ChecklistAnswer = {
  answer: 'yes' | 'no' | 'na' | 'notyet' | null;
  /** Free text; for "n.a." it is the reason, which is required. */
  note: string;
  evidence?: ChecklistEvidence[];
  /** Who gave the current answer and when (set by the server when the answer changes, kept through other edits). */
  answeredBy?: string;
  answeredById?: string;
  answeredAt?: string;
};

/**
 * Stored field values by key. What each kind stores is `FieldValueOf<K>` (app/fields/kind.ts); read one with
 * `valueOf(field, doc)` (app/fields/text.ts), which gives it that type, instead of casting.
 */
export type FieldValues = Record<string, unknown>;

export type ActionItemView = {
  id: string;
  documentId: string;
  fieldKey: string;
  version: number;
  title: string;
  kind: ActionKind;
  owner: string | null;
  /** The account the owner names, or null when the owner is free text (someone without an account) or unset. */
  ownerUserId: string | null;
  dueDate: string | null;
  status: ActionStatus;
  url: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
};

export type SignoffView = {
  id: string;
  userId: string | null;
  signerLabel: string;
  role: string;
  decision: SignoffDecision;
  comment: string;
  /** Document version when signed (shown), and the content version signed (what staleness compares). */
  documentVersion: number;
  contentVersion: number;
  /** The content changed since: the sign-off no longer counts. */
  stale: boolean;
  createdAt: string;
};

/** A document as every reader (page, API, PDF) sees it. Instants are UTC ISO strings. */
export type DocumentView = {
  id: string;
  version: number;
  /** Bumped only by a change of title or fields; sign-offs are pinned to it. */
  contentVersion: number;
  kind: string;
  status: DocumentStatus;
  template: Template;
  title: string;
  severity: Severity | null;
  service: string | null;
  tags: string[];
  fields: FieldValues;
  computed: Record<string, number | null>;
  actionItems: ActionItemView[];
  signoffs: SignoffView[];
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** Who published it (name or email), when published. */
  publishedBy: string | null;
  /** A checklist's launch decision (null for RCAs); the full report is getLaunchDecision's. */
  decision: {
    state: 'go' | 'no_go' | 'pending';
    reasons: string[];
    changedAt: string | null;
    /** Failing gate or required questions a waiver valid now covers (printed on the certificate). */
    waivers?: WaiverInForce[];
  } | null;
};

/** A waiver in force on a failing question, as the page and the certificate print it. */
export type WaiverInForce = {
  field: string;
  item: string;
  question: string;
  answer: string;
  reason: string;
  risk: string;
  approvedBy: string;
  role: string;
  expiresOn: string;
};

/** A waiver of a failing checklist question, as the page, the API and the certificate read it. */
export type WaiverState = 'pending' | 'active' | 'expired' | 'withdrawn';

export type WaiverView = {
  id: string;
  field: string;
  item: string;
  question: string;
  reason: string;
  risk: string;
  /** The last day (UTC) the waiver counts. */
  expiresOn: string;
  approverRole: string;
  requestedBy: string;
  requestedById: string | null;
  requestedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  state: WaiverState;
};

/** A question proposed from an RCA for a checklist template's next version, as the page, the admin page and the API show it. */
export type TemplateProposalView = {
  id: string;
  /** The RCA it cites (null if that RCA was deleted since; its title is kept). */
  rcaId: string | null;
  rcaTitle: string;
  template: string;
  templateTitle: string;
  /** The checklist field the question goes in. */
  field: string;
  fieldLabel: string;
  question: string;
  help: string | null;
  reason: string;
  proposedBy: string;
  proposedById: string | null;
  proposedAt: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  declineReason: string | null;
  /** Accepted: the template version that asks it, and the question's key there. */
  acceptedVersion: number | null;
  item: string | null;
};

/** One question as the meeting shows it: the answer, note, evidence (stale flagged), who answered, its blocker and waiver. */
export type MeetingQuestion = {
  /** `field.item`. */
  key: string;
  label: string;
  gate: boolean;
  required: boolean;
  answer: string | null;
  passes: boolean;
  note: string;
  evidence: { label: string; url: string; checkedOn: string; days: number; stale: boolean }[];
  evidenceRequired: boolean;
  answeredBy: string;
  blocker: { title: string; status: string; owner: string | null } | null;
  waiver: { approvedBy: string; role: string; expiresOn: string } | null;
};
