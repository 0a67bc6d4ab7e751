// Enum values are written once here and used by the columns (db/schema.ts), zod (`z.enum`) and the
// pages; this file imports nothing, so a page can use it without pulling drizzle into the browser.
export const DOCUMENT_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ACTION_KINDS = ['prevent', 'mitigate', 'detect', 'process', 'launch blocker'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const SIGNOFF_DECISIONS = ['go', 'no_go'] as const;
export type SignoffDecision = (typeof SIGNOFF_DECISIONS)[number];

export const LAUNCH_DECISIONS = ['go', 'no_go', 'pending'] as const;
export type LaunchDecisionState = (typeof LAUNCH_DECISIONS)[number];

export const INBOUND_HOOK_PURPOSES = ['incidents', 'trackers'] as const;
export type InboundHookPurpose = (typeof INBOUND_HOOK_PURPOSES)[number];
/** Events outbound webhooks can subscribe to (`comment.mention` is declared for comments, which do not exist yet). */
export const WEBHOOK_EVENT_TYPES = [
  'document.published',
  'decision.changed',
  'signoff.added',
  'action_item.created',
  'action_item.overdue',
  'action_item.done',
  'comment.mention',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** A proposed checklist question (from an RCA) waits (`open`) until an admin accepts or declines it, or its proposer withdraws it. */
export const PROPOSAL_STATUSES = ['open', 'accepted', 'declined', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
/**
 * What a notice tells of. Comments: mention, comment, reply. Requests and assignment: review_request, signoff_request,
 * assigned. Reminders: action_due_soon, action_overdue, rca_due, weekly_summary.
 */
export const NOTIFICATION_KINDS = [
  'mention',
  'comment',
  'reply',
  'review_request',
  'signoff_request',
  'assigned',
  'action_due_soon',
  'action_overdue',
  'rca_due',
  'weekly_summary',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** What a review request asks of its account: review a document, or sign a launch review for a role. */
export const REQUEST_KINDS = ['review', 'signoff'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
