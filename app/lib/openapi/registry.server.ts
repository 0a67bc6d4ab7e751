import type { z } from 'zod';
import { CreateActionItemSchema, TrackerUpdateSchema } from '~/models/action-item-change.server';
import { GenericIncidentSchema } from '~/models/incident-alert';
import { ActionItemFilterSchema, ActionItemPatchSchema } from '~/models/action-item.server';
import { DocumentFilterSchema } from '~/models/document-list.server';
import { ImportMarkdownSchema } from '~/models/document-markdown.server';
import { CreateDocumentSchema, TransitionSchema, UpdateDocumentSchema } from '~/models/document.server';
import { RevisionRangeSchema } from '~/models/revision.server';
import { SignoffInputSchema } from '~/models/signoff.server';
import { CommentInputSchema, ResolveInputSchema } from '~/models/comment.server';
import { MarkReadSchema } from '~/models/notification.server';
import { PreferencesInputSchema } from '~/models/notification-preference.server';
import type { Role } from '~/models/types';
import { documentExample, errorExample } from '~/lib/openapi/examples.server';
import {
  ActionItemListSchema,
  ActionItemViewSchema,
  ActionItemsOfDocumentSchema,
  ApiDocumentSchema,
  DocumentListSchema,
  RevisionListSchema,
  SignoffListSchema,
  CommentSchema,
  MarkedSchema,
  NotificationListSchema,
  NotificationPreferencesSchema,
  ThreadListSchema,
  SimilarListSchema,
  ThreadSchema,
  SignoffSchema,
  TemplateListSchema,
  FactorCategorySchema,
  FactorCategoryListSchema,
  DocumentLinkSchema,
  DocumentLinkListSchema,
  WaiverListSchema,
  WaiverSchema,
  TemplateProposalSchema,
  TemplateProposalListSchema,
  TemplateProposalPageSchema,
  MeetingListSchema,
  LaunchOutcomeSchema,
  AssignmentsSchema,
  ReviewRequestSchema,
  ReviewRequestListSchema,
} from '~/lib/openapi/responses.server';
import { RequestInputSchema } from '~/models/review-request.server';
import { RecordOutcomeSchema } from '~/models/launch-outcome.server';
import { AddLinkSchema } from '~/models/link.server';
import { WaiverPatchSchema, WaiverRequestSchema } from '~/models/waiver.server';
import { ProposalInputSchema, ProposalListFilterSchema } from '~/models/template-proposal.server';
import { ProposalDecisionSchema } from '~/models/template-proposal-decide.server';
import { CreateFactorCategorySchema } from '~/models/factor-category.server';

// One entry per `app/routes/api.v1.*` route module, keyed by its Remix route id: the request schemas are the ones
// the models validate with (imported from where they are defined), the answers are responses.server.ts's. A new
// API route adds its entry here (the coverage test in test/http/openapi.test.ts fails until it does).

export type Example = { summary: string; value: unknown };
export type Response = { status: number; description: string; schema?: z.ZodType; contentType?: string; example?: unknown };
export type Operation = {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  summary: string;
  description?: string;
  /** Least role of the Bearer token's user; 'public' needs no token; 'signed' is authenticated by a signature instead. */
  access: Role | 'public' | 'signed';
  query?: z.ZodObject;
  body?: z.ZodType;
  examples?: Record<string, Example>;
  responses: Response[];
};
export type ApiRoute = { path: string; tag: string; operations: Operation[] };

const idParam = 'id';
const ok = (schema: z.ZodType, description: string, example?: unknown): Response => ({ status: 200, description, schema, example });
const created = (schema: z.ZodType, description: string, example?: unknown): Response => ({ status: 201, description, schema, example });

const DOCUMENT_EXAMPLE = documentExample();

export const API_ROUTES: Record<string, ApiRoute> = {
  'routes/api.v1.openapi[.json]': {
    path: '/openapi.json',
    tag: 'Reference',
    operations: [
      {
        method: 'get',
        summary: 'This OpenAPI 3.1 document',
        access: 'public',
        responses: [{ status: 200, description: 'The OpenAPI document', contentType: 'application/json' }],
      },
    ],
  },
  'routes/api.v1.templates': {
    path: '/templates',
    tag: 'Templates',
    operations: [
      {
        method: 'get',
        summary: 'List the templates documents are created from',
        access: 'viewer',
        responses: [ok(TemplateListSchema, 'Every template version')],
      },
    ],
  },
  'routes/api.v1.documents.$id.links': {
    path: `/documents/{${idParam}}/links`,
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'A document’s links, both ways',
        description:
          'Only links to documents the caller may read. For an incident review, `launches` holds each launch review it was caused by, with its decision and every answer.',
        access: 'viewer',
        responses: [ok(DocumentLinkListSchema, 'The links and the launches’ promises')],
      },
      {
        method: 'post',
        summary: 'Link the document to another',
        description:
          '`caused_by_launch`: from an incident review to a launch review; `related_incident`: two incident reviews; `follow_up_of`: any two. 409 when already linked.',
        access: 'editor',
        body: AddLinkSchema,
        examples: {
          launch: {
            summary: 'An incident caused by a launch',
            value: { kind: 'caused_by_launch', to: '0b6f3a44-9c1e-4c55-8a47-2f0d7c7f3e21' },
          },
        },
        responses: [
          created(DocumentLinkSchema, 'The new link, as this document reads it'),
          { status: 409, description: 'The documents are already linked this way' },
        ],
      },
    ],
  },
  'routes/api.v1.documents.$id.meetings': {
    path: `/documents/{${idParam}}/meetings`,
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'A launch review’s meetings',
        description:
          'Newest first: when each launch meeting started and ended, who attended (users, and guests with `id` null), which questions were marked discussed, and the launch decision recorded when it ended (`decision` null while under way).',
        access: 'viewer',
        responses: [ok(MeetingListSchema, 'The meetings')],
      },
    ],
  },
  'routes/api.v1.documents.$id.outcome': {
    path: `/documents/{${idParam}}/outcome`,
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'A launch review’s outcome',
        description:
          '`due`: decided Go, its agreed time to declare success (`successAt`) has come and no outcome is recorded. `version` is 0 before the first outcome. Only launch reviews have one (400 otherwise).',
        access: 'viewer',
        responses: [ok(LaunchOutcomeSchema, 'The outcome, or null fields before one is recorded')],
      },
      {
        method: 'put',
        summary: 'Record or re-record a launch’s outcome',
        description:
          '`outcome`: `success`, `rolled_back` or `incident`, with a `note`. Send the `version` you read (0 for the first); a stale one is a 409. Re-recording is audited.',
        access: 'editor',
        body: RecordOutcomeSchema,
        examples: {
          success: { summary: 'The launch went well', value: { outcome: 'success', note: 'Error rate flat for a week.', version: 0 } },
        },
        responses: [ok(LaunchOutcomeSchema, 'The outcome as recorded'), { status: 409, description: 'The version is stale' }],
      },
    ],
  },
  'routes/api.v1.documents.$id.waivers': {
    path: `/documents/{${idParam}}/waivers`,
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'A launch review’s waivers',
        description:
          'Newest first. `state`: `pending` (waiting for approval), `active` (counts as passing until the end of `expiresOn`, UTC), `expired` or `withdrawn`.',
        access: 'viewer',
        responses: [ok(WaiverListSchema, 'The waivers')],
      },
      {
        method: 'post',
        summary: 'Ask for a waiver of a failing gate or required question',
        description:
          'Only a gate or required question whose answer fails can be waived. `approverRole` is one of the template’s waiver roles (else its sign-off roles); someone other than the person asking approves it. At most 366 days. 409 when the question already has a waiver asked for or in force.',
        access: 'editor',
        body: WaiverRequestSchema,
        examples: {
          monitoring: {
            summary: 'Launch without paging alerts for two weeks',
            value: {
              field: 'checks',
              item: 'monitoring',
              reason: 'Dashboards exist; paging alerts ship in the next sprint.',
              risk: 'An outage at night is seen only by the morning on-call check.',
              expiresOn: '2026-12-31',
              approverRole: 'Operations',
            },
          },
        },
        responses: [
          created(WaiverSchema, 'The waiver, pending approval'),
          { status: 409, description: 'A waiver is already asked for or in force' },
        ],
      },
      {
        method: 'patch',
        summary: 'Approve or withdraw a waiver',
        description:
          '`approve`: as the role the request named; never by the person who asked, nor by someone who signed the review as another role (403/409). `withdraw`: the person who asked, the approver or an admin. The launch decision is taken again.',
        access: 'editor',
        body: WaiverPatchSchema,
        examples: { approve: { summary: 'Approve', value: { id: '6c1f0d7e-3a51-4c9e-9d44-2b7f61c0a9e3', action: 'approve' } } },
        responses: [ok(WaiverSchema, 'The waiver as it is now')],
      },
    ],
  },
  'routes/api.v1.documents.$id.proposals': {
    path: `/documents/{${idParam}}/proposals`,
    tag: 'Templates',
    operations: [
      {
        method: 'get',
        summary: 'The checklist questions proposed from an RCA',
        description: 'Newest first, each with its `status`: `open`, `accepted`, `declined` (with `declineReason`) or `withdrawn`.',
        access: 'viewer',
        responses: [ok(TemplateProposalListSchema, 'The proposals citing this RCA')],
      },
      {
        method: 'post',
        summary: 'Propose a question for a checklist template, citing this RCA',
        description:
          'Anyone who may read the RCA may propose. `template` is a checklist template’s key, `field` a checklist field of its latest version; `reason` says what the RCA showed. 400 names the field (an RCA template names `template`; a launch review instead of an RCA names `id`); 409 when the same question is already proposed there and open.',
        access: 'viewer',
        body: ProposalInputSchema,
        examples: {
          rollback: {
            summary: 'Ask every launch for a rehearsed rollback',
            value: {
              template: 'etsy-go-no-go',
              field: 'checks',
              question: 'Was the rollback rehearsed in staging?',
              help: 'Run the rollback once, with the runbook, before launch day.',
              reason: 'The rollback in this incident took 40 minutes because nobody had run it before.',
            },
          },
        },
        responses: [created(TemplateProposalSchema, 'The proposal, open'), { status: 409, description: 'Already proposed and open' }],
      },
    ],
  },
  'routes/api.v1.template-proposals': {
    path: '/template-proposals',
    tag: 'Templates',
    operations: [
      {
        method: 'get',
        summary: 'Every template proposal',
        description: 'Open ones first (oldest first), then the decided ones, newest first. Page with `page` and `limit` (at most 200).',
        access: 'admin',
        query: ProposalListFilterSchema,
        responses: [ok(TemplateProposalPageSchema, 'One page of proposals')],
      },
    ],
  },
  'routes/api.v1.template-proposals.$id': {
    path: `/template-proposals/{${idParam}}`,
    tag: 'Templates',
    operations: [
      {
        method: 'patch',
        summary: 'Accept or decline a template proposal',
        description:
          '`accept` stores the template’s next version: its latest version with the question appended to the checklist, its `source` naming the proposal and the RCA. New documents use it; existing ones keep their version. `decline` needs a `reason`. 409 when the proposal is not open, or the checklist is gone from the latest version.',
        access: 'admin',
        body: ProposalDecisionSchema,
        examples: {
          accept: { summary: 'Accept', value: { action: 'accept' } },
          decline: { summary: 'Decline', value: { action: 'decline', reason: 'Covered by “Is there a contingency plan?”.' } },
        },
        responses: [ok(TemplateProposalSchema, 'The proposal as decided'), { status: 409, description: 'Not open' }],
      },
    ],
  },
  'routes/api.v1.factor-categories': {
    path: '/factor-categories',
    tag: 'Templates',
    operations: [
      {
        method: 'get',
        summary: 'The contributing-factor categories',
        description: 'What a `factors` field’s `categories` may name. A retired category is no longer accepted as new.',
        access: 'viewer',
        responses: [ok(FactorCategoryListSchema, 'The vocabulary in its order')],
      },
      {
        method: 'post',
        summary: 'Add a contributing-factor category',
        description: 'The name is stored lower case; 409 when it exists already.',
        access: 'admin',
        body: CreateFactorCategorySchema,
        examples: {
          category: { summary: 'A new category', value: { name: 'third-party api', description: 'An outside API failed or changed.' } },
        },
        responses: [
          created(FactorCategorySchema, 'The new category', {
            name: 'third-party api',
            description: 'An outside API failed or changed.',
            retired: false,
          }),
          { status: 409, description: 'A category of that name exists' },
        ],
      },
    ],
  },
  'routes/api.v1.documents': {
    path: '/documents',
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'Search and filter documents',
        description: 'Newest first, or best match first when `q` is given. Page with `nextCursor`.',
        access: 'viewer',
        query: DocumentFilterSchema,
        responses: [ok(DocumentListSchema, 'One page of documents the caller may read')],
      },
      {
        method: 'post',
        summary: 'Create a document from a template',
        description:
          'A `richtext` field takes tiptap/ProseMirror JSON or a Markdown string; an `actions` field’s rows become action items.',
        access: 'editor',
        body: CreateDocumentSchema,
        examples: {
          rca: {
            summary: 'A blameless RCA',
            value: {
              template: 'blameless-rca',
              title: 'Queue backlog delayed emails',
              severity: 'SEV2',
              service: 'mailer',
              tags: ['queue', 'email'],
              fields: {
                startedAt: '2016-06-15T22:04:00-05:00',
                endedAt: '2016-06-16T22:44:00Z',
                timeline: [{ at: '2016-06-15T22:04:00Z', text: 'Consumers stop acknowledging messages' }],
                symptoms: 'Emails arrived **hours** late.',
                factors: [{ text: 'No alert on queue depth', categories: ['monitoring gap'] }],
                nextSteps: [{ title: 'Add a dead-letter queue', kind: 'prevent', owner: 'Ada Lovelace', dueDate: '2016-07-01' }],
              },
            },
          },
          pinned: {
            summary: 'A launch review from a pinned template version',
            value: { template: { key: 'etsy-go-no-go', version: 1 }, title: 'Checkout v2 launch' },
          },
        },
        responses: [created(ApiDocumentSchema, 'The new document (Location names it)', DOCUMENT_EXAMPLE)],
      },
    ],
  },
  'routes/api.v1.documents.$id': {
    path: `/documents/{${idParam}}`,
    tag: 'Documents',
    operations: [
      { method: 'get', summary: 'Read a document', access: 'viewer', responses: [ok(ApiDocumentSchema, 'The document', DOCUMENT_EXAMPLE)] },
      {
        method: 'patch',
        summary: 'Change a document',
        description:
          'Send the `version` you read and only what changes. A stale `version` is answered 409 with `currentVersion` and `changedFields`.',
        access: 'editor',
        body: UpdateDocumentSchema,
        examples: {
          fix: {
            summary: 'Raise the severity and fill the root cause',
            value: { version: 3, severity: 'SEV1', fields: { rootCause: 'No dead-letter queue for messages that fail repeatedly.' } },
          },
        },
        responses: [
          ok(ApiDocumentSchema, 'The document as saved'),
          { status: 409, description: 'The version is stale: someone saved in between' },
        ],
      },
    ],
  },
  'routes/api.v1.documents.$id.transitions': {
    path: `/documents/{${idParam}}/transitions`,
    tag: 'Documents',
    operations: [
      {
        method: 'post',
        summary: 'Move a document to another status',
        description:
          'draft → in_review → published (by someone other than the author unless the template allows it); any → archived; back to draft. Entering in_review or published runs the strict checks.',
        access: 'editor',
        body: TransitionSchema,
        examples: { review: { summary: 'Submit for review', value: { to: 'in_review', version: 3 } } },
        responses: [
          ok(ApiDocumentSchema, 'The document in its new status'),
          { status: 422, description: 'The strict checks of that status failed; `issues` names each field' },
        ],
      },
    ],
  },
  'routes/api.v1.documents.$id.revisions': {
    path: `/documents/{${idParam}}/revisions`,
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'List a document’s revisions, optionally with a diff',
        access: 'viewer',
        query: RevisionRangeSchema.partial(),
        responses: [ok(RevisionListSchema, 'Every saved version, oldest first; with from and to also the diff between them')],
      },
    ],
  },
  'routes/api.v1.documents.$id.pdf': {
    path: `/documents/{${idParam}}/pdf`,
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'The document as PDF',
        access: 'viewer',
        responses: [
          { status: 200, description: 'The PDF', contentType: 'application/pdf' },
          { status: 429, description: 'Too many PDFs requested; retry after Retry-After seconds' },
        ],
      },
    ],
  },
  'routes/api.v1.documents.$id.action-items': {
    path: `/documents/{${idParam}}/action-items`,
    tag: 'Action items',
    operations: [
      {
        method: 'get',
        summary: 'List a document’s action items',
        access: 'viewer',
        responses: [ok(ActionItemsOfDocumentSchema, 'Its action items in order')],
      },
      {
        method: 'post',
        summary: 'Add an action item to a document',
        description:
          '`field` names the template’s actions field (default: its first one). Works on a published document too; an archived one is frozen (409).',
        access: 'editor',
        body: CreateActionItemSchema,
        examples: {
          item: {
            summary: 'A follow-up with an owner and due date',
            value: {
              title: 'Alert on consumer lag',
              kind: 'detect',
              owner: 'Grace Hopper',
              dueDate: '2016-07-15',
              url: 'https://tracker.example.com/OPS-42',
            },
          },
        },
        responses: [created(ActionItemViewSchema, 'The new action item')],
      },
    ],
  },
  'routes/api.v1.documents.$id.signoffs': {
    path: `/documents/{${idParam}}/signoffs`,
    tag: 'Launch reviews',
    operations: [
      {
        method: 'get',
        summary: 'Sign-offs and the launch decision',
        access: 'viewer',
        responses: [ok(SignoffListSchema, 'The sign-offs, the current decision and its history')],
      },
      {
        method: 'post',
        summary: 'Sign off a launch review (Go or No-Go)',
        access: 'editor',
        body: SignoffInputSchema,
        examples: {
          go: {
            summary: 'Go for the Operations role (the roles are the template’s)',
            value: { role: 'Operations', decision: 'go', comment: 'Dashboards and alerts in place' },
          },
        },
        responses: [created(SignoffSchema, 'The sign-off')],
      },
    ],
  },
  'routes/api.v1.documents.$id.comments': {
    path: `/documents/{${idParam}}/comments`,
    tag: 'Comments',
    operations: [
      {
        method: 'get',
        summary: 'Review comment threads of a document',
        description: 'Oldest first. `anchor` says whether a quoted passage is still in its section.',
        access: 'viewer',
        responses: [ok(ThreadListSchema, 'The threads, and whether the caller may comment')],
      },
      {
        method: 'post',
        summary: 'Comment on a document, a section or a passage, or reply to a thread',
        description:
          'Editors comment on drafts, reviews and published documents; viewers on published documents when an admin allows it (403 otherwise). `@name` or `@email` mentions tell accounts that may read the document in their inbox.',
        access: 'viewer',
        body: CommentInputSchema,
        examples: {
          passage: {
            summary: 'On a passage of the root cause',
            value: { fieldKey: 'rootCause', quote: 'the retry budget', body: '@ada can we add the budget to the dashboard?' },
          },
          reply: { summary: 'A reply', value: { parentId: '8f14e45f-ceea-467f-a8f5-9b6d3f0e2a10', body: 'Added to next steps.' } },
        },
        responses: [created(CommentSchema, 'The comment')],
      },
    ],
  },
  'routes/api.v1.documents.$id.similar': {
    path: `/documents/{${idParam}}/similar`,
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'Earlier published RCAs most like this one',
        description:
          'Up to five (`?limit=` 1–20), by shared service, tags and the words the RCA uses most, each with why it matched, the state of its action items and a recurrence flag. Empty for launch reviews. Same access as the document.',
        access: 'viewer',
        responses: [ok(SimilarListSchema, 'The similar incidents, most similar first')],
      },
    ],
  },
  'routes/api.v1.comments.$id': {
    path: `/comments/{${idParam}}`,
    tag: 'Comments',
    operations: [
      {
        method: 'patch',
        summary: 'Resolve or reopen a thread',
        description: 'Editors, or whoever opened the thread. Send the thread’s `version`; a stale one is a 409.',
        access: 'viewer',
        body: ResolveInputSchema,
        examples: { resolve: { summary: 'Resolve', value: { resolved: true, version: 1 } } },
        responses: [ok(ThreadSchema, 'The thread as saved'), { status: 409, description: 'The version is stale' }],
      },
    ],
  },
  'routes/api.v1.documents.$id.requests': {
    path: `/documents/{${idParam}}/requests`,
    tag: 'Comments',
    operations: [
      {
        method: 'get',
        summary: 'Who was asked to review this document or sign it',
        description: 'Oldest first, each with its `state`: `waiting`, `done` or `closed`.',
        access: 'viewer',
        responses: [ok(ReviewRequestListSchema, 'The requests')],
      },
      {
        method: 'post',
        summary: 'Ask a colleague to review, or to sign a launch review for a role',
        description:
          '`account`: an editor or admin, by id, e-mail address, @handle or whole name; not yourself, and for a review not the author. `kind` `signoff` needs a `role` of the template’s sign-off roles (launch reviews only). While the document is a draft or in review (409 otherwise). The account is told in their inbox. 409 when already asked.',
        access: 'editor',
        body: RequestInputSchema,
        examples: {
          review: { summary: 'Ask for a review', value: { kind: 'review', account: 'grace@example.com' } },
          signoff: { summary: 'Ask for a sign-off', value: { kind: 'signoff', account: '@ops-lead', role: 'Operations' } },
        },
        responses: [
          created(ReviewRequestSchema, 'The request, waiting'),
          { status: 409, description: 'Already asked, or the document is not open' },
        ],
      },
    ],
  },
  'routes/api.v1.documents.$id.requests.$requestId': {
    path: `/documents/{${idParam}}/requests/{requestId}`,
    tag: 'Comments',
    operations: [
      {
        method: 'delete',
        summary: 'Withdraw a review or sign-off request',
        description: 'The notice stays in the account’s inbox; the request leaves their list. 404 when already withdrawn.',
        access: 'editor',
        responses: [{ status: 204, description: 'Withdrawn' }],
      },
    ],
  },
  'routes/api.v1.assignments': {
    path: '/assignments',
    tag: 'Comments',
    operations: [
      {
        method: 'get',
        summary: 'What waits on me',
        description:
          'The caller’s open action items (owner linked to their account; soonest due first, at most 50), and the reviews and sign-offs they were asked for that still wait.',
        access: 'viewer',
        responses: [ok(AssignmentsSchema, 'Action items, reviews and sign-offs')],
      },
    ],
  },
  'routes/api.v1.notifications': {
    path: '/notifications',
    tag: 'Comments',
    operations: [
      {
        method: 'get',
        summary: 'The caller’s inbox',
        description: 'Newest first, 25 a page; pass `before=<nextBefore>` for the next page.',
        access: 'viewer',
        responses: [ok(NotificationListSchema, 'One page of notices')],
      },
      {
        method: 'post',
        summary: 'Mark notices read',
        access: 'viewer',
        body: MarkReadSchema,
        examples: { all: { summary: 'Everything', value: { all: true } } },
        responses: [ok(MarkedSchema, 'How many were marked')],
      },
    ],
  },
  'routes/api.v1.notification-preferences': {
    path: '/notification-preferences',
    tag: 'Comments',
    operations: [
      {
        method: 'get',
        summary: 'The caller’s notification settings',
        description: 'Every notice kind with its inbox and email choice; a kind never set shows its default.',
        access: 'viewer',
        responses: [ok(NotificationPreferencesSchema, 'Every kind')],
      },
      {
        method: 'put',
        summary: 'Change notification settings',
        description: 'The kinds named are saved; kinds left out keep their current choice.',
        access: 'viewer',
        body: PreferencesInputSchema,
        examples: {
          quiet: { summary: 'No comment emails', value: { preferences: [{ kind: 'comment', inApp: true, email: false }] } },
        },
        responses: [ok(NotificationPreferencesSchema, 'Every kind, as saved')],
      },
    ],
  },
  'routes/api.v1.action-items': {
    path: '/action-items',
    tag: 'Action items',
    operations: [
      {
        method: 'get',
        summary: 'Action items across documents',
        description: 'Soonest due first.',
        access: 'viewer',
        query: ActionItemFilterSchema,
        responses: [ok(ActionItemListSchema, 'One page of action items')],
      },
    ],
  },
  'routes/api.v1.action-items.$id': {
    path: `/action-items/{${idParam}}`,
    tag: 'Action items',
    operations: [
      {
        method: 'patch',
        summary: 'Change an action item',
        access: 'editor',
        body: ActionItemPatchSchema,
        examples: { done: { summary: 'Mark it done', value: { version: 2, status: 'done' } } },
        responses: [ok(ActionItemViewSchema, 'The action item as saved'), { status: 409, description: 'The version is stale' }],
      },
    ],
  },
  'routes/api.v1.hooks.incidents': {
    path: '/hooks/incidents',
    tag: 'Hooks',
    operations: [
      {
        method: 'post',
        summary: 'An alerting tool opens an incident (signed)',
        description:
          'Signed with the hook’s secret, not a token: `X-Kaizen-Hook: <hook id>`, `X-Kaizen-Timestamp: <unix seconds>`, `X-Kaizen-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`; older than 5 minutes is refused. `?format=generic` (this body), `alertmanager` (Alertmanager’s webhook) or `pagerduty` (a PagerDuty v3 incident event). Creates a draft RCA placed by template roles (201), or answers the draft an earlier call with the same incident key created (200).',
        access: 'signed',
        body: GenericIncidentSchema,
        examples: {
          generic: {
            summary: 'A generic alert',
            value: {
              key: 'checkout-5xx-2026-12-04',
              title: 'Checkout answers 5xx',
              service: 'checkout',
              severity: 'SEV2',
              startedAt: '2026-12-04T13:50:00Z',
              link: 'https://alerts.example.com/i/123',
              text: 'Error rate above 5 % for 10 minutes.',
            },
          },
        },
        responses: [
          {
            status: 201,
            description: 'A new draft RCA: `{"created":true,"incidentKey","document":{"id","title","status","links":{"html","api"}}}`',
          },
          { status: 200, description: 'The draft an earlier call with this key created (`"created":false`)' },
        ],
      },
    ],
  },
  'routes/api.v1.hooks.trackers': {
    path: '/hooks/trackers',
    tag: 'Hooks',
    operations: [
      {
        method: 'post',
        summary: 'A tracker reports an issue’s status (signed)',
        description:
          'Signed like `/hooks/incidents`. Every action item whose tracker URL is `url` takes the status (tracker words such as closed, resolved, reopened, won’t fix are understood), each as a new document version.',
        access: 'signed',
        body: TrackerUpdateSchema,
        examples: {
          closed: { summary: 'The issue was closed', value: { url: 'https://tracker.example.com/browse/OPS-42', status: 'closed' } },
        },
        responses: [{ status: 200, description: '`{"url","status","updated":n,"unchanged":n}`' }],
      },
    ],
  },
  'routes/api.v1.documents.$id.markdown': {
    path: `/documents/{${idParam}}/markdown`,
    tag: 'Documents',
    operations: [
      {
        method: 'get',
        summary: 'The document as Markdown',
        description:
          '`# title`, a facts table, then `## section` / `### field`; the timeline as a table with UTC times, action items as a task list with owner, due date and status.',
        access: 'viewer',
        responses: [{ status: 200, description: 'The document as Markdown', contentType: 'text/markdown' }],
      },
    ],
  },
  'routes/api.v1.documents.import': {
    path: '/documents/import',
    tag: 'Documents',
    operations: [
      {
        method: 'post',
        summary: 'Create a draft from Markdown',
        description:
          'Headings map to sections and fields by title (case, punctuation and numbering ignored; common synonyms such as Impact, Trigger, Resolution, Action items, Lessons learned); timeline tables and lists go through the timeline paste parser. Answers 201 with the draft and a report of which heading went where, warnings and lines not taken.',
        access: 'editor',
        body: ImportMarkdownSchema,
        examples: {
          rca: {
            summary: 'A short postmortem',
            value: {
              template: 'blameless-rca',
              markdown:
                '# Checkout outage\n\n## Summary\n\nCheckout answered 5xx for 20 minutes.\n\n## Timeline\n\n- 2026-12-04 13:50 UTC Alert fired\n- 2026-12-04 14:10 UTC Rolled back\n',
            },
          },
        },
        responses: [
          {
            status: 201,
            description:
              '`{"id","title","template":{"key","version"},"links":{"html","api"},"report":{"headings","filled","unparsed","warnings"}}`',
          },
        ],
      },
    ],
  },
};

/** Answers every operation may give besides its own (the error shape is the same everywhere). */
export const COMMON_ERRORS: Record<number, string> = {
  400: 'The request is not valid; `issues` names each wrong field',
  401: 'No token, or a token that is unknown, revoked or of a disabled user',
  403: 'The token’s user may not do this',
  404: 'No such resource, or the caller may not read it',
  413: 'The body is larger than 2 MB',
  415: 'The body is not sent as application/json',
};
export { errorExample };
