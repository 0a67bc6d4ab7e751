import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { z } from 'zod';
import { formFailure, orThrowPage, parseIntent } from '~/lib/route.server';
import { canEdit as mayEdit } from '~/models/access.server';
import { getDocument, mayPublish, readinessIssues, transitionDocument } from '~/models/document.server';
import { HttpError, forbidden } from '~/lib/errors.server';
import { getBlamelessFindings } from '~/models/document-derived.server';
import { BlamelessFindingsList } from '~/components/blameless-panel';
import { DocumentBody } from '~/components/document-view';
import { SeverityBadge, StatusBadge } from '~/components/badges';
import { CsrfInput } from '~/components/csrf';
import { formatUtc } from '~/lib/time';
import { createSignoff } from '~/models/signoff.server';
import { getLaunchDecision, listDecisionChanges } from '~/models/launch-decision.server';
import { ACTION_STATUSES } from '~/models/action-item.server';
import { createActionItem, updateActionItem } from '~/models/action-item-change.server';
import { SignoffPanel } from '~/components/signoff-panel';
import { ActionItemsPanel } from '~/components/action-items-panel';
import { fieldsOfKind } from '~/fields/text';
import { recordReadAndCount } from '~/models/reading.server';
import { similarForPage } from '~/models/similar.server';
import { SimilarIncidents } from '~/components/similar-incidents';
import { commentsPanelData } from '~/models/comment.server';
import { CommentsPanel } from '~/components/comments-panel';
import { LinksPanel } from '~/components/links-panel';
import { addLink, launchPromises, listLinks, removeLink } from '~/models/link.server';
import { NO_SUCH_DOCUMENT, RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { WaiversPanel } from '~/components/waivers-panel';
import { PastMeetings } from '~/components/meeting-step';
import { listMeetings } from '~/models/meeting.server';
import { OutcomePanel } from '~/components/outcome-panel';
import { handleOutcomeIntent, outcomeIntentSchemas, outcomePanelData } from '~/models/launch-outcome-page.server';
import { requestNow } from '~/lib/clock.server';
import { ProposalsPanel } from '~/components/proposals-panel';
import { panelResult } from '~/components/panel-result';
import { PROPOSAL_INTENTS, handleProposalIntent, proposalIntentSchemas, proposalPanelData } from '~/models/template-proposal-page.server';
import { RequestsPanel } from '~/components/requests-panel';
import { accountLabel, readersOf } from '~/models/accounts.server';
import { cancelRequest, candidatesAmong, createRequest, listRequestsOf } from '~/models/review-request.server';
import { decideWaiver, listWaivers, refreshExpiredWaivers, requestWaiver, waivableQuestions, waiverRolesOf } from '~/models/waiver.server';

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: error ? errorTitle(error) : data ? `${data.doc.title} · Kaizen` : 'Document · Kaizen' },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const db = context.db;
  const doc = await orThrowPage(getDocument(db, { actor, id: params.id ?? '' }));
  const canEdit = mayEdit(actor);
  // Advice while the document is still being written: what is missing, and wording to review.
  const writing = canEdit && (doc.status === 'draft' || doc.status === 'in_review');
  const actionFields = canEdit && doc.status !== 'archived' ? fieldsOfKind(doc.template, 'actions') : [];
  const checklist = doc.kind === 'checklist';
  // The rest only needs the document (read above for this actor): side by side, each its own statement or two.
  const [launch, accounts, comments, similar, links, outcome, proposals, requests, readers] = await Promise.all([
    checklist
      ? // A waiver that ended since the stored decision was taken reopens its blocker: take the decision again first.
        refreshExpiredWaivers(db).then(() =>
          Promise.all([
            getLaunchDecision(db, doc.id),
            listWaivers(db, { actor, id: doc.id }),
            listMeetings(db, { actor, id: doc.id }),
            listDecisionChanges(db, doc.id),
          ]),
        )
      : null,
    // Who may own an action item and who may be asked for a review: one read of the accounts serves both pickers.
    actionFields.length || writing ? readersOf(db, doc) : [],
    commentsPanelData(db, actor, doc),
    doc.kind === 'rca' ? similarForPage(db, { actor, doc }) : null,
    listLinks(db, { actor, id: doc.id }).then(async (links) => ({
      links,
      promises: doc.kind === 'rca' ? await launchPromises(db, { actor, links }) : [],
    })),
    outcomePanelData(db, { actor, doc, now: requestNow(context) }),
    proposalPanelData(db, { actor, doc }),
    listRequestsOf(db, doc),
    // Opening the page counts as reading it (one row per person); the count includes this read.
    recordReadAndCount(db, actor, doc.id),
  ]);
  const [decision, waivers, meetings, decisionHistory] = launch ?? [null, [], [], []];
  return {
    doc,
    canEdit,
    missing: writing && doc.status === 'draft' ? readinessIssues(doc) : [],
    findings: writing ? getBlamelessFindings(db, doc) : [],
    decision,
    waivable: decision ? waivableQuestions(decision.questions) : [],
    waivers,
    waiverRoles: waiverRolesOf(doc.template),
    meetings,
    me: { id: actor.id, admin: actor.role === 'admin' },
    decisionHistory,
    canPublish: mayPublish(actor, doc, doc.template),
    actionFields: actionFields.map((f) => ({ key: f.key, label: f.label, kinds: f.kinds })),
    statuses: ACTION_STATUSES,
    owners: actionFields.length ? accounts.map((u) => ({ label: accountLabel(u), email: u.email })) : [],
    comments,
    similar,
    ...links,
    outcome,
    proposals,
    requests,
    requestCandidates: writing ? candidatesAmong(accounts, doc) : [],
    canAsk: writing,
    readers,
  };
}

const TRANSITION_LABELS: Record<string, Record<string, string>> = {
  draft: { in_review: 'Submit for review', archived: 'Archive' },
  in_review: { published: 'Publish', draft: 'Back to draft' },
  published: { draft: 'Reopen as draft', archived: 'Archive' },
  archived: { draft: 'Restore as draft' },
};

/** The forms of this page, told apart by `intent`; a transition form sent without one is a transition. */
function documentIntents() {
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('transition'), to: z.string().min(1, 'choose a status'), version: z.coerce.number().int().positive() }),
    z.object({
      intent: z.literal('signoff'),
      role: z.string().optional(),
      decision: z.string().optional(),
      comment: z.string().default(''),
    }),
    z.object({
      intent: z.literal('action-add'),
      field: z.string().optional(),
      title: z.string().default(''),
      kind: z.string().optional(),
      owner: z.string().optional(),
      dueDate: z.string().optional(),
    }),
    z.object({ intent: z.literal('link-add'), kind: z.string().default(''), to: z.string().default('') }),
    z.object({ intent: z.literal('link-remove'), link: z.string().min(1) }),
    z.object({
      intent: z.literal('request-add'),
      account: z.string().default(''),
      kind: z.string().default(''),
      role: z.string().default(''),
    }),
    z.object({ intent: z.literal('request-cancel'), request: z.string().min(1) }),
    ...outcomeIntentSchemas(),
    ...proposalIntentSchemas(),
    z.object({
      intent: z.literal('waiver-request'),
      question: z.string().default(''),
      reason: z.string().default(''),
      risk: z.string().default(''),
      expiresOn: z.string().default(''),
      approverRole: z.string().default(''),
    }),
    z.object({ intent: z.literal('waiver-decide'), waiver: z.string().default(''), action: z.string().default('') }),
    z.object({
      intent: z.literal('action-status'),
      id: z.string().min(1),
      itemVersion: z.coerce.number().int().nonnegative(),
      status: z.string(),
    }),
  ]);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'viewer');
  // Anyone who may read an RCA may propose a checklist question from it; every other form of this page is for editors.
  if (!PROPOSAL_INTENTS.includes(form.get('intent')) && !mayEdit(actor))
    throw data(forbidden(`This needs the editor role; you are signed in as ${actor.role}.`).toJSON(), { status: 403 });
  const id = params.id ?? '';
  const input = parseIntent(form, documentIntents, 'transition');
  switch (input.intent) {
    case 'proposal-add':
    case 'proposal-withdraw':
      return handleProposalIntent(context.db, { actor, id, input });
    case 'outcome-record':
    case 'outcome-rca':
      return handleOutcomeIntent(context.db, { actor, id, input, now: requestNow(context) });
    case 'link-add':
    case 'link-remove':
      try {
        if (input.intent === 'link-add') {
          const link = await addLink(context.db, { actor, id, input: { kind: input.kind, to: input.to } });
          return { ok: true as const, scope: 'links' as const, message: `Linked: ${link.label.toLowerCase()} “${link.document.title}”.` };
        }
        await removeLink(context.db, { actor, id, linkId: input.link });
        return { ok: true as const, scope: 'links' as const, message: 'Link removed.' };
      } catch (e) {
        return formFailure(e, { scope: 'links' });
      }
    case 'request-add':
    case 'request-cancel':
      try {
        if (input.intent === 'request-cancel') {
          await cancelRequest(context.db, { actor, documentId: id, requestId: input.request });
          return { ok: true as const, scope: 'requests' as const, message: 'Request withdrawn.' };
        }
        const r = await createRequest(context.db, {
          actor,
          documentId: id,
          input: { account: input.account, kind: input.kind, role: input.role || undefined },
        });
        return {
          ok: true as const,
          scope: 'requests' as const,
          message: r.kind === 'review' ? `Asked ${r.userLabel} to review.` : `Asked ${r.userLabel} to sign as ${r.role}.`,
        };
      } catch (e) {
        const values = input.intent === 'request-add' ? { account: input.account, kind: input.kind, role: input.role } : undefined;
        return formFailure(e, { scope: 'requests', values });
      }
    case 'waiver-request':
    case 'waiver-decide':
      try {
        if (input.intent === 'waiver-request') {
          const [field = '', item = ''] = input.question.split('.');
          const { question: _q, intent: _i, ...rest } = input;
          const w = await requestWaiver(context.db, { actor, id, input: { field, item, ...rest } });
          return {
            ok: true as const,
            scope: 'waivers' as const,
            message: `Waiver asked for “${w.question}”: ${w.approverRole} approves it.`,
          };
        }
        const w = await decideWaiver(context.db, { actor, id, waiverId: input.waiver, input: { action: input.action } });
        return {
          ok: true as const,
          scope: 'waivers' as const,
          message:
            w.state === 'active'
              ? `Waiver approved: “${w.question}” counts as passing until ${w.expiresOn}.`
              : `Waiver for “${w.question}” withdrawn.`,
        };
      } catch (e) {
        // What was typed comes back, so a refused request loses nothing (with or without JavaScript).
        const values =
          input.intent === 'waiver-request'
            ? {
                question: input.question,
                reason: input.reason,
                risk: input.risk,
                expiresOn: input.expiresOn,
                approverRole: input.approverRole,
              }
            : undefined;
        return formFailure(e, { scope: 'waivers', values });
      }
    case 'signoff':
      try {
        await createSignoff(context.db, {
          actor,
          documentId: id,
          input: { role: input.role, decision: input.decision, comment: input.comment },
        });
        return { ok: true as const, message: 'Signed.' };
      } catch (e) {
        return formFailure(e);
      }
    case 'action-add':
    case 'action-status':
      try {
        const item =
          input.intent === 'action-add'
            ? await createActionItem(context.db, {
                actor,
                documentId: id,
                input: {
                  field: input.field,
                  title: input.title,
                  kind: input.kind || undefined,
                  owner: input.owner,
                  dueDate: input.dueDate,
                },
              })
            : await updateActionItem(context.db, { actor, id: input.id, input: { version: input.itemVersion, status: input.status } });
        return {
          ok: true as const,
          scope: 'actions' as const,
          message: input.intent === 'action-add' ? `Added “${item.title}”.` : `“${item.title}” is now ${item.status.replace('_', ' ')}.`,
        };
      } catch (e) {
        return formFailure(e, { scope: 'actions' });
      }
    case 'transition':
      try {
        await transitionDocument(context.db, { actor, id, input: { to: input.to, version: input.version } });
        return { ok: true as const, message: 'Saved.' };
      } catch (e) {
        // Missing content: show every issue next to its field in the edit form.
        if (e instanceof HttpError && e.code === 'incomplete') return redirect(`/docs/${id}/edit?missing=${encodeURIComponent(input.to)}`);
        return formFailure(e);
      }
  }
}

export default function DocumentPage() {
  const {
    doc,
    canEdit,
    missing,
    findings,
    decision,
    decisionHistory,
    canPublish,
    actionFields,
    statuses,
    comments,
    readers,
    similar,
    links,
    promises,
    waivers,
    waivable,
    waiverRoles,
    me,
    meetings,
    outcome,
    proposals,
    requests,
    requestCandidates: candidates,
    owners,
    canAsk,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const actionsResult = result && 'scope' in result && result.scope === 'actions' ? result : null;
  const linksResult = result && 'scope' in result && result.scope === 'links' ? result : null;
  const waiversResult = result && 'scope' in result && result.scope === 'waivers' ? result : null;
  const outcomeResult = result && 'scope' in result && result.scope === 'outcome' ? result : null;
  const proposalsResult = result && 'scope' in result && result.scope === 'proposals' ? result : null;
  const requestsResult = result && 'scope' in result && result.scope === 'requests' ? result : null;
  const pageResult = actionsResult || linksResult || waiversResult || outcomeResult || proposalsResult || requestsResult ? null : result;
  // Issues about the document's fields link to the edit form; others (the sign-off role) show in their panel.
  const fieldErrors =
    pageResult && !pageResult.ok
      ? Object.entries(pageResult.errors).filter(([path]) => path === 'title' || path.startsWith('fields.'))
      : [];
  const readOnly = doc.status === 'published' || doc.status === 'archived';
  return (
    <article>
      <div className="toolbar">
        <div style={{ flex: 1 }}>
          <h1>{doc.title}</h1>
          <div className="muted">
            <StatusBadge status={doc.status} /> <SeverityBadge severity={doc.severity} /> {doc.service ? <>· {doc.service} </> : null}·{' '}
            {doc.template.title} v{doc.template.version} · version {doc.version} · updated {formatUtc(doc.updatedAt)}
            {doc.authorName ? <> · by {doc.authorName}</> : null}
            {` · read by ${readers} ${readers === 1 ? 'person' : 'people'}`}
          </div>
          {doc.tags.length ? <div className="muted">{doc.tags.map((t) => `#${t}`).join(' ')}</div> : null}
        </div>
        <a className="button secondary" href={`/docs/${doc.id}.pdf`}>
          PDF
        </a>
        <a className="button secondary" href={`/docs/${doc.id}.md`}>
          Markdown
        </a>
        <Link className="button secondary" to={`/docs/${doc.id}/history`}>
          History
        </Link>
        {canEdit && doc.kind === 'checklist' && doc.status === 'in_review' ? (
          <Link className="button secondary" to={`/docs/${doc.id}/meeting`}>
            {meetings.some((m) => !m.endedAt) ? 'Join the launch meeting' : 'Start the launch meeting'}
          </Link>
        ) : null}
        {canEdit && !readOnly ? (
          <Link className="button" to={`/docs/${doc.id}/edit`}>
            Edit
          </Link>
        ) : null}
      </div>
      {pageResult && !pageResult.ok ? (
        <div className="banner error" role="alert">
          <p>{pageResult.message}</p>
          {fieldErrors.length ? (
            <ul>
              {fieldErrors.map(([path, message]) => (
                <li key={path}>
                  <Link to={`/docs/${doc.id}/edit#f-${path.split('.')[1] ?? ''}`}>{message}</Link>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {readOnly ? (
        <p className="banner ok">
          This document is {doc.status}
          {doc.publishedAt ? ` (published ${formatUtc(doc.publishedAt)}${doc.publishedBy ? ` by ${doc.publishedBy}` : ''})` : ''} and
          read-only
          {canEdit ? '; reopen it as a draft to edit' : ''}.
        </p>
      ) : null}
      {canEdit ? (
        <div className="toolbar" role="group" aria-label="Workflow">
          {Object.entries(TRANSITION_LABELS[doc.status] ?? {}).map(([to, label]) =>
            to === 'published' && !canPublish ? (
              <p className="muted" key={to} data-needs-reviewer>
                Waiting for a reviewer: you wrote this document, so another editor or an admin publishes it.
              </p>
            ) : (
              <Form method="post" key={to}>
                <CsrfInput />
                <input type="hidden" name="intent" value="transition" />
                <input type="hidden" name="version" value={doc.version} />
                <input type="hidden" name="to" value={to} />
                <button type="submit" className={to === 'published' || to === 'in_review' ? undefined : 'secondary'}>
                  {label}
                </button>
              </Form>
            ),
          )}
        </div>
      ) : null}
      {missing.length ? (
        <section className="card readiness" aria-labelledby="readiness-title">
          <h2 id="readiness-title">Before submitting for review ({missing.length} missing)</h2>
          <ul>
            {missing.map((i) => (
              <li key={i.path.join('.')}>
                <Link to={`/docs/${doc.id}/edit?missing=in_review#${i.path[0] === 'title' ? 'title' : `field-${i.path[1]}`}`}>
                  {i.message}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <RequestsPanel
        requests={requests}
        candidates={candidates}
        roles={doc.kind === 'checklist' ? (doc.template.signoffRoles ?? []) : []}
        canAsk={canAsk}
        canEdit={canEdit}
        result={panelResult(requestsResult)}
      />
      <BlamelessFindingsList findings={findings} editHref={canEdit ? `/docs/${doc.id}/edit` : null} />
      {decision ? (
        <SignoffPanel
          decision={decision}
          history={decisionHistory}
          canSign={canEdit && (doc.status === 'in_review' || doc.status === 'published')}
          closedNote={
            doc.status === 'draft'
              ? 'Sign-offs are taken once the review is submitted for review.'
              : doc.status === 'archived'
                ? 'This review is archived: sign-offs are closed.'
                : null
          }
          errors={pageResult && !pageResult.ok ? pageResult.errors : undefined}
        />
      ) : null}
      <PastMeetings meetings={meetings} />
      {decision ? (
        <WaiversPanel
          waivers={waivers}
          waivable={waivable}
          roles={waiverRoles}
          me={me.id}
          isAdmin={me.admin}
          canEdit={canEdit}
          open={doc.status === 'draft' || doc.status === 'in_review'}
          result={panelResult(waiversResult)}
        />
      ) : null}
      <DocumentBody doc={doc} />
      {actionFields.length ? (
        <ActionItemsPanel
          fields={actionFields}
          items={doc.actionItems}
          statuses={statuses}
          owners={owners}
          result={panelResult(actionsResult)}
        />
      ) : null}
      {outcome ? <OutcomePanel outcome={outcome} result={panelResult(outcomeResult)} /> : null}
      <LinksPanel docKind={doc.kind} links={links} promises={promises} canEdit={canEdit} result={panelResult(linksResult)} />
      {proposals ? <ProposalsPanel {...proposals} result={panelResult(proposalsResult)} /> : null}
      {similar ? <SimilarIncidents items={similar} /> : null}
      <CommentsPanel documentId={doc.id} from="document" {...comments} />
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary notFound={NO_SUCH_DOCUMENT} />;
}
