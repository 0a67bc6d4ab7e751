import { relations, sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import {
  ACTION_KINDS,
  ACTION_STATUSES,
  DELIVERY_STATUSES,
  DOCUMENT_STATUSES,
  INBOUND_HOOK_PURPOSES,
  WEBHOOK_EVENT_TYPES,
  LAUNCH_DECISIONS,
  PROPOSAL_STATUSES,
  ROLES,
  SEVERITIES,
  SIGNOFF_DECISIONS,
  NOTIFICATION_KINDS,
  REQUEST_KINDS,
} from './enums';

export * from './enums';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    role: text('role', { enum: ROLES }).notNull().default('viewer'),
    /** scrypt hash `scrypt$N$r$p$salt$hash`; null until a password is set. */
    passwordHash: text('password_hash'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    disabledAt: instant('disabled_at'),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value; the raw value only ever lives in the cookie. */
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull().default(''),
  /** sha256 of the token; the token itself is shown once at creation. */
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: instant('created_at').notNull().defaultNow(),
  lastUsedAt: instant('last_used_at'),
  revokedAt: instant('revoked_at'),
});

/** Failed sign-ins per account or per address, for throttling with backoff. */
export const loginThrottles = pgTable('login_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: instant('last_failure_at').notNull().defaultNow(),
  lockedUntil: instant('locked_until'),
});

/**
 * Request counters of the rate limits (rate-limiter-flexible's Drizzle store, app/lib/rate-limit.server.ts), shared
 * by every process on the database: one row per limit and key, counting `points` until `expire`, then starting over.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    /** `<limit>:<key>`, e.g. `api_address:203.0.113.9`; API tokens appear only as a hash. */
    key: text('key').primaryKey(),
    points: integer('points').notNull().default(0),
    expire: instant('expire'),
  },
  (t) => [index('rate_limits_expire_idx').on(t.expire)],
);

/** Append-only. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull().defaultNow(),
    actorId: text('actor_id'),
    /** Email or token name at the time of the event, kept even if the user is deleted. */
    actorLabel: text('actor_label').notNull().default(''),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_events_at_idx').on(t.at), index('audit_events_action_idx').on(t.action)],
);

export const templates = pgTable(
  'templates',
  {
    key: text('key').notNull(),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** The whole parsed definition; never changes once stored. */
    definition: jsonb('definition').notNull(),
    /** sha256 of the canonical definition, to detect a built-in edited without a version bump. */
    checksum: text('checksum').notNull(),
    builtIn: boolean('built_in').notNull().default(false),
    createdAt: instant('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [primaryKey({ columns: [t.key, t.version] })],
);

export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    templateKey: text('template_key').notNull(),
    templateVersion: integer('template_version').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('draft'),
    severity: text('severity', { enum: SEVERITIES }),
    service: text('service'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** Field values keyed by the template's field keys (actions live in action_items). */
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull().default({}),
    /** Computed facts keyed by each computed field's output, as of the last save. */
    computed: jsonb('computed').$type<Record<string, number | null>>().notNull().default({}),
    /** Role columns (templates/roles.ts): filled from whichever fields hold the start, detection, end and launch roles and the facts. */
    startedAt: instant('started_at'),
    detectedAt: instant('detected_at'),
    endedAt: instant('ended_at'),
    launchAt: instant('launch_at'),
    /** The agreed time to declare a launch a success (the `success` role): from then its owners are asked for the outcome. */
    successAt: instant('success_at'),
    impactMinutes: integer('impact_minutes'),
    timeToDetectMinutes: integer('time_to_detect_minutes'),
    timeToResolveMinutes: integer('time_to_resolve_minutes'),
    /** Every contributing-factor category the document's factors name (the `factors` role, else every factors field). */
    factorCategories: text('factor_categories').array().notNull().default(sql`'{}'::text[]`),
    /** Optimistic lock: every save must carry the version it read. */
    version: integer('version').notNull().default(1),
    /** Bumped only when the content (title, fields) changes; sign-offs are pinned to it. */
    contentVersion: integer('content_version').notNull().default(1),
    /** Launch decision of a checklist as of its last write (null for RCAs); history in launch_decision_changes. */
    decision: text('decision', { enum: LAUNCH_DECISIONS }),
    decisionChangedAt: instant('decision_changed_at'),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    publishedAt: instant('published_at'),
    /** Who approved the publication (someone other than the author unless the template allows self-publishing). */
    publishedBy: text('published_by').references(() => users.id, { onDelete: 'set null' }),
    /** Plain text of every field, derived from the template registry at save time. */
    searchText: text('search_text').notNull().default(''),
    /** Tags and the template's `cause` role: weighted with the service, above other text (app/lib/fields.server.ts searchParts). */
    searchKey: text('search_key').notNull().default(''),
    /** Each section's words with its title, for the library's snippet; null until derived (a row saved before 0017). */
    searchSections: jsonb('search_sections').$type<{ label: string; text: string }[]>(),
    /** The first paragraph of the summary role: what a library result shows without a query. */
    summary: text('summary').notNull().default(''),
    /**
     * Bumped by a trigger on every write that changes the row (migration 0029): the stored-PDF source stamp reads it
     * instead of the whole row (app/pdf/stored.server.ts). Never set by the app.
     */
    rowRevision: bigint('row_revision', { mode: 'number' }).notNull().default(0),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(service, '') || ' ' || coalesce(search_key, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'C')`,
    ),
  },
  (t) => [
    index('documents_search_idx').using('gin', t.search),
    // Lists newest first, keyset-paged on (updated_at, id): all documents, and one status (viewers read published only).
    index('documents_updated_idx').on(t.updatedAt, t.id),
    index('documents_status_updated_idx').on(t.status, t.updatedAt, t.id),
    // Upcoming launches on the home page; launch reviews in /launches order, keyset-paged.
    index('documents_launch_at_idx').on(t.launchAt).where(sql`launch_at is not null`),
    index('documents_launches_idx').on(t.launchAt.desc().nullsLast(), t.title, t.id).where(sql`kind = 'checklist'`),
    index('documents_started_idx').on(t.startedAt),
    // "On this day" on the home page: a week of each past year of published RCAs, newest first.
    index('documents_rca_published_started_idx').on(t.startedAt).where(sql`kind = 'rca' and status = 'published'`),
    // /launches counts per decision (not yet decided counts as pending), capped; viewers count published ones.
    // (decision itself last: an index-only scan of an expression index needs the columns the expression reads.)
    index('documents_checklist_decision_idx')
      .on(sql`coalesce(${t.decision}, 'pending')`, t.status, t.decision)
      .where(sql`kind = 'checklist'`),
    // Launches whose outcome is due (home page prompt), bounded by success_at <= now.
    index('documents_success_due_idx').on(t.successAt).where(sql`kind = 'checklist' and success_at is not null`),
    // Similar incidents: earlier published RCAs of a service, newest first; documents sharing a tag.
    index('documents_rca_service_idx')
      .on(sql`lower(${t.service})`, t.startedAt.desc().nullsLast())
      .where(sql`kind = 'rca' and status = 'published'`),
    index('documents_tags_idx').using('gin', t.tags),
    index('documents_factor_categories_idx').using('gin', t.factorCategories),
    index('documents_template_idx').on(t.templateKey, t.templateVersion),
  ],
);

export const LINK_KINDS = ['caused_by_launch', 'related_incident', 'follow_up_of'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** A typed link between two documents (an incident caused by a launch, related incidents, a follow-up). */
export const documentLinks = pgTable(
  'document_links',
  {
    id: text('id').primaryKey(),
    fromId: text('from_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    toId: text('to_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: LINK_KINDS }).notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_links_pair_idx').on(t.fromId, t.toId, t.kind), index('document_links_to_idx').on(t.toId)],
);

/**
 * Which published RCAs have had their earlier incidents compared, for which publication: a document reopened and
 * published again is compared again (its action items may change meanwhile; its text cannot while published).
 */
export const recurrenceChecks = pgTable(
  'recurrence_checks',
  {
    documentId: text('document_id')
      .primaryKey()
      .references(() => documents.id, { onDelete: 'cascade' }),
    publishedAt: instant('published_at').notNull(),
    checkedAt: instant('checked_at').notNull().defaultNow(),
  },
  (t) => [index('recurrence_checks_checked_idx').on(t.checkedAt)],
);

/**
 * An earlier published RCA judged the same problem as this one when it was published (among its five most similar
 * incidents). Whether it is a recurrence, and of which kind, is read from the earlier one's prevent actions as they are now.
 */
export const incidentRecurrences = pgTable(
  'incident_recurrences',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    earlierId: text('earlier_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.earlierId] }), index('incident_recurrences_earlier_idx').on(t.earlierId)],
);

export const LAUNCH_OUTCOMES = ['success', 'rolled_back', 'incident'] as const;
export type LaunchOutcome = (typeof LAUNCH_OUTCOMES)[number];

/** The one current outcome of a launch (success, rolled back, incident); re-recording bumps `version`. */
export const launchOutcomes = pgTable('launch_outcomes', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  outcome: text('outcome', { enum: LAUNCH_OUTCOMES }).notNull(),
  note: text('note').notNull().default(''),
  recordedBy: text('recorded_by').references(() => users.id, { onDelete: 'set null' }),
  recordedByLabel: text('recorded_by_label').notNull(),
  recordedAt: instant('recorded_at').notNull().defaultNow(),
  /** The incident review started from this outcome (linked "caused by launch"). */
  rcaId: text('rca_id').references(() => documents.id, { onDelete: 'set null' }),
  /** Optimistic lock for re-recording. */
  version: integer('version').notNull().default(1),
});

/** A user's secret for the launch calendar feed (/launches.ics?key=…): only its SHA-256 is stored; rotating replaces it. */
export const calendarKeys = pgTable(
  'calendar_keys',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    keyHash: text('key_hash').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('calendar_keys_hash_idx').on(t.keyHash)],
);

/**
 * A waiver of a failed gate or required checklist question: the reason, the risk accepted, the template role that
 * approved it (never the person who asked) and the last day it counts. Approved and not withdrawn, it counts as
 * passing until `expires_on` ends (UTC).
 */
export const checklistWaivers = pgTable(
  'checklist_waivers',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    fieldKey: text('field_key').notNull(),
    itemKey: text('item_key').notNull(),
    reason: text('reason').notNull(),
    risk: text('risk').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    approverRole: text('approver_role').notNull(),
    requestedBy: text('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestedByLabel: text('requested_by_label').notNull(),
    requestedAt: instant('requested_at').notNull().defaultNow(),
    approvedBy: text('approved_by').references(() => users.id, { onDelete: 'set null' }),
    approvedByLabel: text('approved_by_label'),
    approvedAt: instant('approved_at'),
    withdrawnByLabel: text('withdrawn_by_label'),
    withdrawnAt: instant('withdrawn_at'),
    /** When the decision was taken again after it ended (each ended waiver is acted on once). */
    expiryAppliedAt: instant('expiry_applied_at'),
  },
  (t) => [
    index('checklist_waivers_document_idx').on(t.documentId, t.fieldKey, t.itemKey),
    index('checklist_waivers_expiry_idx')
      .on(t.expiresOn)
      .where(sql`${t.approvedAt} is not null and ${t.withdrawnAt} is null and ${t.expiryAppliedAt} is null`),
  ],
);

/** Someone at a launch meeting: a user (id) or, when `id` is null, a guest named in free text. */
export type MeetingAttendee = { id: string | null; name: string };
/** Questions marked discussed at a launch meeting, by `field.item`: who marked it and when (ISO). */
export type MeetingDiscussed = Record<string, { by: string; at: string }>;

/**
 * A question proposed for a checklist template's next version, citing the RCA that taught it. The RCA link is
 * set null if the RCA is ever deleted (its title is kept): an accepted question outlives the review that
 * prompted it, and its provenance must too.
 */
export const templateProposals = pgTable(
  'template_proposals',
  {
    id: text('id').primaryKey(),
    rcaId: text('rca_id').references(() => documents.id, { onDelete: 'set null' }),
    /** The RCA's title when the question was proposed. */
    rcaTitle: text('rca_title').notNull(),
    /** A checklist template (kind `checklist`); the question goes into its latest version when accepted. */
    templateKey: text('template_key').notNull(),
    /** The checklist field (in the template's latest version) the question is added to. */
    fieldKey: text('field_key').notNull(),
    /** The question, as the checklist will ask it. */
    label: text('label').notNull(),
    help: text('help'),
    /** Why the checklist should ask it: what the RCA showed. */
    reason: text('reason').notNull(),
    proposedBy: text('proposed_by').references(() => users.id, { onDelete: 'set null' }),
    proposedByLabel: text('proposed_by_label').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    status: text('status', { enum: PROPOSAL_STATUSES }).notNull().default('open'),
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedByLabel: text('decided_by_label'),
    decidedAt: instant('decided_at'),
    declineReason: text('decline_reason'),
    /** The template version accepting it created, and the key its question got there. */
    acceptedVersion: integer('accepted_version'),
    itemKey: text('item_key'),
  },
  (t) => [index('template_proposals_rca_idx').on(t.rcaId, t.createdAt), index('template_proposals_status_idx').on(t.status, t.createdAt)],
);

/**
 * A launch meeting over a review in review: who attended, which questions were discussed, and the decision taken
 * when it ended (with the content version it was taken on). At most one meeting of a document is open at a time.
 */
export const launchMeetings = pgTable(
  'launch_meetings',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    startedBy: text('started_by').references(() => users.id, { onDelete: 'set null' }),
    startedByLabel: text('started_by_label').notNull(),
    startedAt: instant('started_at').notNull().defaultNow(),
    /** Users who attended, with their names as they were at the meeting. */
    attendees: jsonb('attendees').$type<MeetingAttendee[]>().notNull().default([]),
    /** People without an account, as typed. */
    guests: jsonb('guests').$type<string[]>().notNull().default([]),
    discussed: jsonb('discussed').$type<MeetingDiscussed>().notNull().default({}),
    endedByLabel: text('ended_by_label'),
    /** Null while the meeting is open. */
    endedAt: instant('ended_at'),
    /** The launch decision as it stood when the meeting ended. */
    decision: text('decision', { enum: LAUNCH_DECISIONS }),
    decisionReasons: jsonb('decision_reasons').$type<string[]>(),
    contentVersion: integer('content_version'),
  },
  (t) => [
    uniqueIndex('launch_meetings_open_idx').on(t.documentId).where(sql`${t.endedAt} is null`),
    index('launch_meetings_document_idx').on(t.documentId, t.startedAt),
  ],
);

/** The shared vocabulary of contributing-factor categories (app/lib/factor-categories.ts); admins add and retire. */
export const factorCategories = pgTable('factor_categories', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
  /** A retired category is no longer offered; documents that name it keep it. */
  retiredAt: instant('retired_at'),
  createdAt: instant('created_at').notNull().defaultNow(),
});

export const documentRevisions = pgTable(
  'document_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** The document version this snapshot is. */
    version: integer('version').notNull(),
    /** create | edit | transition | restore */
    event: text('event').notNull(),
    /** Full state at this version: title, status, severity, service, tags, fields, actionItems. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    /** Names of what changed from the previous version. */
    changed: text('changed').array().notNull().default(sql`'{}'::text[]`),
    note: text('note'),
    authorId: text('author_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_revisions_doc_version_key').on(t.documentId, t.version)],
);

export const actionItems = pgTable(
  'action_items',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** The template field the item came from (e.g. nextSteps). */
    fieldKey: text('field_key').notNull(),
    position: integer('position').notNull().default(0),
    title: text('title').notNull(),
    kind: text('kind', { enum: ACTION_KINDS }).notNull().default('prevent'),
    owner: text('owner'),
    /** The account the owner names, when it names one that may read the document; `owner` then shows its name. */
    ownerUserId: text('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('open'),
    url: text('url'),
    /** For a blocker raised by a checklist answer of No: `<checklist field key>.<item key>`. */
    sourceKey: text('source_key'),
    /**
     * The document's status, copied by the database (triggers of migration 0029, on insert and on every change of
     * documents.status), so what a viewer may read is counted from one index (docs/decisions/031-…). Never written by the app.
     */
    documentStatus: text('document_status', { enum: DOCUMENT_STATUSES }).notNull().default('draft'),
    version: integer('version').notNull().default(1),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    completedAt: instant('completed_at'),
  },
  (t) => [
    index('action_items_document_idx').on(t.documentId, t.fieldKey, t.position),
    index('action_items_status_due_idx').on(t.status, t.dueDate),
    index('action_items_owner_user_idx').on(t.ownerUserId, t.status, t.dueDate).where(sql`owner_user_id is not null`),
    // /actions and the API order by due date (none last), then age: keyset-paged on this key. The partial one serves
    // the open items (overdue lists, the home page, the overdue count) without reading closed ones.
    index('action_items_due_order_idx').on(sql`coalesce(${t.dueDate}, 'infinity'::date)`, t.createdAt, t.id),
    index('action_items_open_due_idx')
      .on(sql`coalesce(${t.dueDate}, 'infinity'::date)`, t.createdAt, t.id)
      .where(sql`status in ('open', 'in_progress')`),
    /** The inbound tracker hook finds items by their tracker URL. */
    index('action_items_url_idx').on(t.url).where(sql`url is not null`),
    // /actions counts for viewers (items of published documents) without a join.
    index('action_items_document_status_idx').on(t.documentStatus, t.status, t.dueDate),
    uniqueIndex('action_items_source_key').on(t.documentId, t.sourceKey).where(sql`source_key is not null`),
  ],
);

/**
 * Someone asked an account to review a document (`review`) or to sign a launch review for a role (`signoff`).
 * A request waits while the document does and the person has not done it; see app/models/assignment.server.ts.
 */
export const reviewRequests = pgTable(
  'review_requests',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: REQUEST_KINDS }).notNull(),
    /** The sign-off role asked for; '' for a review. */
    role: text('role').notNull().default(''),
    requestedById: text('requested_by_id').references(() => users.id, { onDelete: 'set null' }),
    requestedByLabel: text('requested_by_label').notNull().default(''),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_requests_unique_idx').on(t.documentId, t.userId, t.kind, t.role),
    index('review_requests_user_idx').on(t.userId, t.createdAt),
  ],
);

export const signoffs = pgTable(
  'signoffs',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    signerLabel: text('signer_label').notNull(),
    role: text('role').notNull(),
    decision: text('decision', { enum: SIGNOFF_DECISIONS }).notNull(),
    comment: text('comment').notNull().default(''),
    /** Document version when signed (shown to readers). */
    documentVersion: integer('document_version').notNull(),
    /** Content version signed; a later change of content (not of status, sign-offs or action items) makes it stale. */
    contentVersion: integer('content_version').notNull().default(1),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('signoffs_document_idx').on(t.documentId)],
);

/** Append-only: every change of a launch review's decision, with who caused it and why. */
export const launchDecisionChanges = pgTable(
  'launch_decision_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    fromDecision: text('from_decision', { enum: LAUNCH_DECISIONS }),
    toDecision: text('to_decision', { enum: LAUNCH_DECISIONS }).notNull(),
    /** The reasons of the new decision, as shown on the page. */
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    /** The write that caused the change (a sign-off, an edit, an action item, …). */
    why: text('why').notNull(),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorLabel: text('actor_label').notNull().default(''),
    contentVersion: integer('content_version').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [index('launch_decision_changes_doc_idx').on(t.documentId, t.at)],
);

/**
 * Rendered PDF bytes under a hash of everything the PDF shows (document, action items, sign-offs, decision, renderer
 * revision; see app/pdf/cache.server.ts), so any instance serves a repeat download without rendering and a stale PDF
 * cannot be served. Older renders of a document are removed when a new one is stored.
 */
export const documentPdfs = pgTable(
  'document_pdfs',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    contentHash: text('content_hash').notNull(),
    version: integer('version').notNull(),
    bytes: bytea('bytes').notNull(),
    renderMs: integer('render_ms'),
    createdAt: instant('created_at').notNull().defaultNow(),
    /**
     * Fingerprint of the stored rows the PDF was drawn from (app/pdf/stored.server.ts), read before the document: a
     * repeat download compares it in one statement instead of loading and hashing the document. Null: compare by content.
     */
    sourceStamp: text('source_stamp'),
    /** The "as of" instant printed in the footer (the content's last change), for the response header. */
    asOf: instant('as_of'),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.contentHash] })],
);

/** Rendered digests under a hash of everything they show; the newest few are kept (see app/pdf/cache.server.ts). */
export const digestPdfs = pgTable(
  'digest_pdfs',
  {
    contentHash: text('content_hash').primaryKey(),
    bytes: bytea('bytes').notNull(),
    renderMs: integer('render_ms'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('digest_pdfs_created_idx').on(t.createdAt)],
);

/**
 * Inbound hooks: an alerting tool opens incidents (`incidents`) or a tracker reports an action item's status
 * (`trackers`). Each has its own HMAC secret, kept encrypted (app/lib/hook-secret.server.ts; see
 * docs/decisions/015-webhooks-both-ways.md for why not hashed). After a rotation the previous secret is
 * still accepted until `previous_valid_until`, so the sender can be switched over without lost calls.
 */
export const inboundHooks = pgTable('inbound_hooks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  purpose: text('purpose', { enum: INBOUND_HOOK_PURPOSES }).notNull(),
  /** Template of the drafts an incidents hook opens (key; its newest version); null: the built-in blameless RCA. */
  templateKey: text('template_key'),
  secretSealed: text('secret_sealed').notNull(),
  previousSecretSealed: text('previous_secret_sealed'),
  previousValidUntil: instant('previous_valid_until'),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: instant('created_at').notNull().defaultNow(),
  rotatedAt: instant('rotated_at'),
  lastUsedAt: instant('last_used_at'),
  revokedAt: instant('revoked_at'),
});

/** The draft an incidents hook opened for an incident key: retries of the same alert find it (unique per hook and key). */
export const inboundHookIncidents = pgTable(
  'inbound_hook_incidents',
  {
    hookId: text('hook_id')
      .notNull()
      .references(() => inboundHooks.id, { onDelete: 'cascade' }),
    incidentKey: text('incident_key').notNull(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.hookId, t.incidentKey] }), index('inbound_hook_incidents_document_idx').on(t.documentId)],
);

/** Outbound webhooks: where events are delivered, which events, and the secret deliveries are signed with. */
export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  events: text('events').array().notNull(),
  secretSealed: text('secret_sealed').notNull(),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: instant('created_at').notNull().defaultNow(),
  rotatedAt: instant('rotated_at'),
  revokedAt: instant('revoked_at'),
});

/** The outbox: events written in the same transaction as the change they report (only while some webhook wants them). */
export const webhookEvents = pgTable('webhook_events', {
  id: text('id').primaryKey(),
  type: text('type', { enum: WEBHOOK_EVENT_TYPES }).notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  /** For events found by a scan (action item overdue): the same fact is reported once. */
  dedupeKey: text('dedupe_key').unique(),
  createdAt: instant('created_at').notNull().defaultNow(),
});

/** One event to one webhook: the durable queue the sender works through, with retries and backoff. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: text('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    /** A sender holds the delivery until then (claimed with FOR UPDATE SKIP LOCKED); after a crash another takes it over. */
    lockedUntil: instant('locked_until'),
    lastAttemptAt: instant('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: instant('delivered_at'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
  ],
);

/** For reading a document with its rows in one statement (db.query.documents); no tables or columns. */
export const documentsRelations = relations(documents, ({ one, many }) => ({
  author: one(users, { fields: [documents.authorId], references: [users.id], relationName: 'author' }),
  publisher: one(users, { fields: [documents.publishedBy], references: [users.id], relationName: 'publisher' }),
  actionItems: many(actionItems),
  signoffs: many(signoffs),
}));
export const actionItemsRelations = relations(actionItems, ({ one }) => ({
  document: one(documents, { fields: [actionItems.documentId], references: [documents.id] }),
}));
export const signoffsRelations = relations(signoffs, ({ one }) => ({
  document: one(documents, { fields: [signoffs.documentId], references: [documents.id] }),
}));
export const usersRelations = relations(users, ({ many }) => ({
  authored: many(documents, { relationName: 'author' }),
  published: many(documents, { relationName: 'publisher' }),
}));

/**
 * Review comments: a thread root names a section (field key) and, optionally, a quoted passage of it; replies name
 * their root. A quoted passage is anchored by its text, so it survives edits that keep it and shows as "changed"
 * when an edit removes it (docs/decisions/019-review-comments-and-inbox.md).
 */
export const comments = pgTable(
  'comments',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** The thread's first comment; null on the first comment itself. */
    parentId: text('parent_id'),
    /** The section (template field key) commented on; null for the document as a whole. */
    fieldKey: text('field_key'),
    /** The passage selected when the thread was opened (plain text), or null for a whole section. */
    quote: text('quote'),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    /** Set on a thread root when its thread is resolved; cleared when reopened. */
    resolvedAt: instant('resolved_at'),
    resolvedBy: text('resolved_by'),
    /** Optimistic lock for resolve/reopen. */
    version: integer('version').notNull().default(1),
  },
  (t) => [index('comments_document_idx').on(t.documentId, t.createdAt), index('comments_parent_idx').on(t.parentId)],
);

/** The in-app inbox: one row per person told about something (a mention, a comment on their document, a reply). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    documentId: text('document_id').references(() => documents.id, { onDelete: 'cascade' }),
    commentId: text('comment_id'),
    actorLabel: text('actor_label').notNull().default(''),
    /** A one-line summary shown in the inbox. */
    summary: text('summary').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    readAt: instant('read_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`read_at is null`),
  ],
);

/** Settings an admin changes at run time (key → JSON value). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/** Who has read which document (first and last time), for read counts and reading lists. One row per reader. */
export const documentReads = pgTable(
  'document_reads',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    firstReadAt: instant('first_read_at').notNull().defaultNow(),
    lastReadAt: instant('last_read_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'document_reads_pk', columns: [t.documentId, t.userId] }), index('document_reads_user_idx').on(t.userId)],
);

/** Reading lists admins curate ("read before your first on-call"): published reviews in an order. */
export const readingLists = pgTable('reading_lists', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

export const readingListItems = pgTable(
  'reading_list_items',
  {
    listId: text('list_id')
      .notNull()
      .references(() => readingLists.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    addedAt: instant('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'reading_list_items_pk', columns: [t.listId, t.documentId] })],
);

/** A person's choice for one notice kind; a kind without a row uses the defaults (app/models/notification-preference.server.ts). */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    /** Shown in the inbox. */
    inApp: boolean('in_app').notNull(),
    /** Sent by email (when SMTP_URL is set). */
    email: boolean('email').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'notification_preferences_pk', columns: [t.userId, t.kind] })],
);

/**
 * Emails waiting to be sent: the durable queue the email sender works through (claimed with FOR UPDATE SKIP LOCKED
 * and held by a lease), written in the transaction of the notice they carry (docs/decisions/027).
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The address at the time of the notice. */
    toAddress: text('to_address').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    documentId: text('document_id'),
    commentId: text('comment_id'),
    /** The notice's one-line summary: the mail's subject and first line. */
    summary: text('summary').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    /** A sender holds the row until then; after a crash another takes it over. */
    lockedUntil: instant('locked_until'),
    sentAt: instant('sent_at'),
    /** Set when the sender gave up (after MAX_EMAIL_ATTEMPTS). */
    failedAt: instant('failed_at'),
    /** Why the last attempt failed (the SMTP server's answer; never credentials). */
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('email_outbox_due_idx').on(t.nextAttemptAt).where(sql`sent_at is null and failed_at is null`)],
);

/**
 * Reminders already sent, one row per reminder and period (`rca_due:<doc>:<week>`, `action_overdue:<item>:<due>:<week>`,
 * `weekly_summary:<user>:<monday>`): the unique key makes a second run in the same period, or a second process, send nothing.
 */
export const reminderSends = pgTable('reminder_sends', {
  key: text('key').primaryKey(),
  userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
  sentAt: instant('sent_at').notNull().defaultNow(),
});

/**
 * The live co-editing document (Yjs) of a document being edited together (app/collab): its encoded state, the
 * document version and field values it was last folded into (`base`, for the three-way fold), see decision 028.
 */
export const collabStates = pgTable('collab_states', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  state: bytea('state').notNull(),
  /** The document version `base` was read at (or saved as, by a fold). */
  version: integer('version').notNull(),
  /** `{ title, fields }` as of `version`: what the Yjs document was built from or last folded into. */
  base: jsonb('base').$type<{ title: string; fields: Record<string, unknown> }>().notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/** Yjs updates relayed between app processes on one PostgreSQL server (NOTIFY carries only the row id); kept minutes. */
export const collabUpdates = pgTable(
  'collab_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** The process that wrote it (it ignores its own notifications). */
    origin: text('origin').notNull(),
    update: bytea('update').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('collab_updates_created_idx').on(t.createdAt)],
);
