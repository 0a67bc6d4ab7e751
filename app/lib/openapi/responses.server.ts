import { z } from 'zod';
import {
  ACTION_KINDS,
  ACTION_STATUSES,
  DOCUMENT_STATUSES,
  LAUNCH_DECISIONS,
  NOTIFICATION_KINDS,
  REQUEST_KINDS,
  SEVERITIES,
  SIGNOFF_DECISIONS,
} from '../../../db/enums';
import { SectionSchema, TEMPLATE_KINDS } from '../../../templates/schema';

// The JSON the API answers with, as zod schemas: the OpenAPI document is generated from them, and the contract
// tests check every real answer against them (strict objects: a member the document does not name fails).

const Instant = z.iso.datetime().meta({ description: 'UTC instant, ISO-8601 with Z' });
const DateOnly = z.iso.date();

export const ErrorSchema = z
  .object({
    error: z
      .object({
        code: z.string().meta({ description: 'Stable machine-readable reason, e.g. invalid, not_found, conflict, forbidden' }),
        message: z.string(),
        issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }).strict()).optional(),
        requestId: z.string().optional(),
        currentVersion: z.number().int().optional(),
        changedFields: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Error' });

export const ActionItemSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    field: z.string().meta({ description: 'The actions field of the template the item belongs to' }),
    title: z.string(),
    kind: z.enum(ACTION_KINDS),
    owner: z.string().nullable(),
    ownerUserId: z
      .string()
      .nullable()
      .meta({ description: "The owner's account; null when the owner is free text (someone without an account) or unset" }),
    dueDate: DateOnly.nullable(),
    status: z.enum(ACTION_STATUSES),
    url: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'ActionItem' });

/** An action item as its own endpoints answer it: the document's view plus where it belongs and its times. */
export const ActionItemViewSchema = ActionItemSchema.omit({ field: true })
  .extend({ documentId: z.string(), fieldKey: z.string(), createdAt: Instant, updatedAt: Instant, completedAt: Instant.nullable() })
  .strict()
  .meta({ id: 'ActionItemDetail' });

export const ActionItemListSchema = z
  .object({
    items: z.array(ActionItemViewSchema.extend({ documentTitle: z.string(), overdue: z.boolean() }).strict()),
    nextCursor: z.string().nullable(),
  })
  .strict();

export const SignoffSchema = z
  .object({
    id: z.string(),
    userId: z.string().nullable(),
    signerLabel: z.string(),
    role: z.string(),
    decision: z.enum(SIGNOFF_DECISIONS),
    comment: z.string(),
    documentVersion: z.number().int(),
    contentVersion: z.number().int(),
    stale: z.boolean().meta({ description: 'The content changed since: the sign-off no longer counts' }),
    createdAt: Instant,
  })
  .strict()
  .meta({ id: 'Signoff' });

export const ApiDocumentSchema = z
  .object({
    id: z.string(),
    version: z.number().int().meta({ description: 'Send it back with every change (optimistic locking)' }),
    contentVersion: z.number().int(),
    kind: z.enum(TEMPLATE_KINDS),
    status: z.enum(DOCUMENT_STATUSES),
    template: z.object({ key: z.string(), version: z.number().int() }).strict(),
    title: z.string(),
    severity: z.enum(SEVERITIES).nullable(),
    service: z.string().nullable(),
    tags: z.array(z.string()),
    fields: z.record(z.string(), z.unknown()).meta({ description: 'Values keyed by the template’s field keys' }),
    computed: z.record(z.string(), z.number().nullable()),
    actionItems: z.array(ActionItemSchema),
    signoffs: z.array(SignoffSchema),
    decision: z
      .object({
        state: z.enum(LAUNCH_DECISIONS),
        reasons: z.array(z.string()),
        changedAt: Instant.nullable(),
        waivers: z
          .array(
            z
              .object({
                field: z.string(),
                item: z.string(),
                question: z.string(),
                answer: z.string(),
                reason: z.string(),
                risk: z.string(),
                approvedBy: z.string(),
                role: z.string(),
                expiresOn: z.string().meta({ description: 'The last day (UTC) the waiver counts, YYYY-MM-DD' }),
              })
              .strict(),
          )
          .optional()
          .meta({ description: 'Failing gate or required questions a waiver valid today covers' }),
      })
      .strict()
      .optional(),
    createdAt: Instant,
    updatedAt: Instant,
    publishedAt: Instant.nullable(),
    publishedBy: z.string().nullable(),
    links: z.object({ html: z.string(), pdf: z.string() }).strict(),
  })
  .strict()
  .meta({ id: 'Document' });

export const DocumentListSchema = z
  .object({
    items: z.array(
      z
        .object({
          id: z.string(),
          title: z.string(),
          kind: z.enum(TEMPLATE_KINDS),
          status: z.enum(DOCUMENT_STATUSES),
          severity: z.enum(SEVERITIES).nullable(),
          service: z.string().nullable(),
          tags: z.array(z.string()),
          startedAt: Instant.nullable(),
          snippet: z.string().meta({
            description: 'With q: the best-matching section around the hits; without: the summary (first paragraph). Plain text',
          }),
          snippetSection: z.string().nullable().meta({ description: 'The title of the section the snippet comes from' }),
          snippetMarks: z
            .array(z.tuple([z.number().int(), z.number().int()]))
            .meta({ description: 'Hits in the snippet as [start, length], UTF-16 offsets' }),
          rank: z
            .number()
            .nullable()
            .meta({ description: 'Search relevance when q is given: words and phrases matched, plus a weighted rank below 1' }),
          matched: z.number().int().nullable().meta({ description: 'How many of the words and phrases of q the document has' }),
        })
        .strict(),
    ),
    nextCursor: z.string().nullable(),
    terms: z.array(z.string()).meta({ description: 'The words and phrases of q that were searched for' }),
  })
  .strict();

export const TemplateListSchema = z
  .object({
    items: z.array(
      z
        .object({
          key: z.string(),
          version: z.number().int(),
          kind: z.enum(TEMPLATE_KINDS),
          title: z.string(),
          description: z.string(),
          sections: z.array(SectionSchema),
        })
        .strict(),
    ),
  })
  .strict();

export const FactorCategorySchema = z
  .object({
    name: z.string().meta({ description: 'The category as factors name it (lower case)' }),
    description: z.string(),
    retired: z.boolean().meta({ description: 'No longer offered for new factors; documents that name it keep it' }),
  })
  .strict();
export const FactorCategoryListSchema = z.object({ items: z.array(FactorCategorySchema) }).strict();

export const DocumentLinkSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['caused_by_launch', 'related_incident', 'follow_up_of']),
    direction: z.enum(['out', 'in']).meta({ description: '`out`: this document holds the link; `in`: the other one does' }),
    label: z.string().meta({ description: 'How this side reads the link ("Caused by launch", "Incident it caused")' }),
    document: z
      .object({
        id: z.string(),
        title: z.string(),
        kind: z.string(),
        status: z.string(),
        severity: z.string().nullable(),
        decision: z.string().nullable(),
        at: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export const DocumentLinkListSchema = z
  .object({
    items: z.array(DocumentLinkSchema),
    launches: z.array(
      z
        .object({
          id: z.string(),
          title: z.string(),
          status: z.string(),
          decision: z.string().nullable(),
          launchAt: z.string().nullable(),
          answers: z.array(z.object({ question: z.string(), gate: z.boolean(), answer: z.string(), note: z.string() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();

export const RevisionListSchema = z
  .object({
    items: z.array(
      z
        .object({
          version: z.number().int(),
          at: Instant,
          by: z.string().nullable(),
          event: z.string(),
          note: z.string().nullable(),
          changed: z.array(z.string()),
        })
        .strict(),
    ),
    diff: z
      .object({
        from: z.number().int(),
        to: z.number().int(),
        fields: z.array(
          z.object({ key: z.string(), label: z.string(), before: z.string(), after: z.string(), lines: z.array(z.unknown()) }).strict(),
        ),
      })
      .strict()
      .optional()
      .meta({ description: 'Only with ?from=&to=: the field-by-field difference between those versions' }),
  })
  .strict();

export const SignoffListSchema = z
  .object({
    items: z.array(SignoffSchema),
    decision: z
      .object({ documentId: z.string(), state: z.enum(LAUNCH_DECISIONS), reasons: z.array(z.string()), changedAt: Instant.nullable() })
      .passthrough()
      .nullable()
      .meta({ description: 'A launch review’s decision with everything it rests on (null for an RCA)' }),
    history: z.array(
      z
        .object({
          from: z.enum(LAUNCH_DECISIONS).nullable(),
          to: z.enum(LAUNCH_DECISIONS),
          reasons: z.array(z.string()),
          why: z.string(),
          by: z.string(),
          at: Instant,
          contentVersion: z.number().int(),
        })
        .strict(),
    ),
  })
  .strict();

export const ActionItemsOfDocumentSchema = z.object({ items: z.array(ActionItemViewSchema) }).strict();

export const CommentSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    fieldKey: z.string().nullable(),
    quote: z.string().nullable(),
    authorId: z.string().nullable(),
    authorLabel: z.string(),
    body: z.string().meta({ description: 'Plain text, never HTML' }),
    createdAt: Instant,
    mentions: z.array(z.string()).meta({ description: 'E-mail addresses of the accounts the @mentions named' }),
  })
  .strict()
  .meta({ id: 'Comment' });

export const ThreadSchema = CommentSchema.extend({
  version: z.number().int(),
  resolvedAt: Instant.nullable(),
  resolvedBy: z.string().nullable(),
  anchor: z.enum(['document', 'section', 'passage', 'changed']).meta({
    description: '`passage`: the quote is still in its section; `changed`: an edit removed it',
  }),
  sectionLabel: z.string().nullable(),
  replies: z.array(CommentSchema),
})
  .strict()
  .meta({ id: 'CommentThread' });

export const ThreadListSchema = z.object({ items: z.array(ThreadSchema), mayComment: z.boolean() }).strict();

export const NotificationPreferencesSchema = z
  .object({
    preferences: z.array(
      z
        .object({
          kind: z.enum(NOTIFICATION_KINDS),
          label: z.string(),
          inApp: z.boolean().meta({ description: 'Shown in the inbox' }),
          email: z.boolean().meta({ description: 'Sent by email when the server has SMTP_URL' }),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'NotificationPreferences' });

export const NotificationListSchema = z
  .object({
    items: z.array(
      z
        .object({
          id: z.number().int(),
          kind: z.enum(NOTIFICATION_KINDS),
          documentId: z.string().nullable(),
          commentId: z.string().nullable(),
          actorLabel: z.string(),
          summary: z.string(),
          createdAt: Instant,
          read: z.boolean(),
        })
        .strict(),
    ),
    nextBefore: z.number().int().nullable(),
    unread: z.number().int().meta({ description: 'Unread notices, counted up to 100' }),
  })
  .strict()
  .meta({ id: 'NotificationList' });

export const MarkedSchema = z.object({ marked: z.number().int().meta({ description: 'Notices marked read' }) }).strict();

const Counts = z.object({ total: z.number().int(), done: z.number().int(), open: z.number().int() }).strict();

export const SimilarListSchema = z
  .object({
    items: z.array(
      z
        .object({
          id: z.string(),
          title: z.string(),
          severity: z.string().nullable(),
          service: z.string().nullable(),
          startedAt: Instant.nullable(),
          reasons: z.array(z.string()).meta({ description: 'Why it matched, e.g. "same service: checkout", "shared tags: tls"' }),
          score: z.number(),
          prevent: Counts.meta({ description: 'Its prevent action items' }),
          actions: Counts.meta({ description: 'All its action items' }),
          sameProblem: z.boolean().meta({
            description: 'The same problem, not only the same area: a shared service or tags, and several shared words',
          }),
          recurrence: z.enum(['came_back', 'still_open']).nullable().meta({
            description:
              '`came_back`: the same problem, and its prevent actions were all done; `still_open`: the same problem, with prevent actions still open',
          }),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'SimilarIncidents' });

export const WaiverSchema = z
  .object({
    id: z.string(),
    field: z.string(),
    item: z.string(),
    question: z.string(),
    reason: z.string(),
    risk: z.string(),
    expiresOn: z.string(),
    approverRole: z.string(),
    requestedBy: z.string(),
    requestedById: z.string().nullable(),
    requestedAt: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    withdrawnBy: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
    state: z.enum(['pending', 'active', 'expired', 'withdrawn']),
  })
  .strict();
export const LaunchOutcomeSchema = z
  .object({
    documentId: z.string(),
    successAt: z.string().nullable(),
    due: z.boolean(),
    outcome: z.enum(['success', 'rolled_back', 'incident']).nullable(),
    note: z.string(),
    recordedBy: z.string().nullable(),
    recordedAt: z.string().nullable(),
    rcaId: z.string().nullable(),
    version: z.number().int(),
  })
  .strict();

export const WaiverListSchema = z.object({ items: z.array(WaiverSchema) }).strict();

export const TemplateProposalSchema = z
  .object({
    id: z.string(),
    rcaId: z.string().nullable().meta({ description: 'The RCA it cites; null if that RCA was deleted since' }),
    rcaTitle: z.string().meta({ description: 'The RCA’s title when the question was proposed' }),
    template: z.string().meta({ description: 'The checklist template’s key' }),
    templateTitle: z.string(),
    field: z.string().meta({ description: 'The key of the checklist field the question goes in' }),
    fieldLabel: z.string(),
    question: z.string(),
    help: z.string().nullable(),
    reason: z.string(),
    proposedBy: z.string(),
    proposedById: z.string().nullable(),
    proposedAt: z.string(),
    status: z.enum(['open', 'accepted', 'declined', 'withdrawn']),
    decidedBy: z.string().nullable().meta({ description: 'Who accepted, declined or withdrew it' }),
    decidedAt: z.string().nullable(),
    declineReason: z.string().nullable(),
    acceptedVersion: z.number().int().nullable().meta({ description: 'The template version accepting it created' }),
    item: z.string().nullable().meta({ description: 'The question’s key in that version' }),
  })
  .strict()
  .meta({ id: 'TemplateProposal' });
export const TemplateProposalListSchema = z.object({ items: z.array(TemplateProposalSchema) }).strict();
export const TemplateProposalPageSchema = z
  .object({ items: z.array(TemplateProposalSchema), total: z.number().int(), page: z.number().int(), limit: z.number().int() })
  .strict();

export const MeetingSchema = z
  .object({
    id: z.string(),
    documentId: z.string(),
    startedBy: z.string(),
    startedAt: z.string(),
    endedAt: z.string().nullable().meta({ description: 'null while the meeting is under way' }),
    endedBy: z.string().nullable(),
    attendees: z
      .array(
        z
          .object({ id: z.string().nullable().meta({ description: 'the user; null for a guest without an account' }), name: z.string() })
          .strict(),
      )
      .meta({ description: 'users who attended, then guests' }),
    discussed: z
      .array(z.object({ question: z.string().meta({ description: '`field.item`' }), by: z.string(), at: z.string() }).strict())
      .meta({ description: 'questions marked discussed, in the order they were marked' }),
    decision: z
      .enum(['go', 'no_go', 'pending'])
      .nullable()
      .meta({ description: 'the launch decision when the meeting ended; null while under way' }),
    reasons: z.array(z.string()),
    contentVersion: z.number().int().nullable().meta({ description: 'the content version the decision was taken on' }),
  })
  .strict()
  .meta({ id: 'LaunchMeeting' });
export const MeetingListSchema = z.object({ items: z.array(MeetingSchema) }).strict();

export const ReviewRequestSchema = z
  .object({
    id: z.string(),
    kind: z.enum(REQUEST_KINDS),
    role: z.string().nullable().meta({ description: 'The sign-off role asked for; null for a review' }),
    userId: z.string(),
    userLabel: z.string(),
    requestedBy: z.string(),
    createdAt: Instant,
    state: z.enum(['waiting', 'done', 'closed']).meta({
      description:
        '`waiting` while the document is a draft or in review (for a sign-off: until the account signs the current content); `done` once signed or published; `closed` when archived',
    }),
  })
  .strict()
  .meta({ id: 'ReviewRequest' });

export const ReviewRequestListSchema = z.object({ items: z.array(ReviewRequestSchema) }).strict();

const AssignedDocumentSchema = z
  .object({
    requestId: z.string(),
    documentId: z.string(),
    title: z.string(),
    status: z.enum(DOCUMENT_STATUSES),
    role: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: Instant,
  })
  .strict();

export const AssignmentsSchema = z
  .object({
    actionItems: z.array(
      z
        .object({
          id: z.string(),
          documentId: z.string(),
          documentTitle: z.string(),
          title: z.string(),
          status: z.enum(ACTION_STATUSES),
          dueDate: DateOnly.nullable(),
          overdue: z.boolean(),
          version: z.number().int(),
        })
        .strict(),
    ),
    moreActionItems: z.boolean().meta({ description: 'More open items are yours than listed (50): see /action-items?assignee=me' }),
    reviews: z.array(AssignedDocumentSchema),
    signoffs: z.array(AssignedDocumentSchema),
  })
  .strict()
  .meta({ id: 'Assignments' });
