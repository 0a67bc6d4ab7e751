import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { clientIp, requireFormSession, requireSession } from '~/lib/auth.server';
import { formFailure, pageParam, parseIntent } from '~/lib/route.server';
import { formatUtc } from '~/lib/time';
import { decideProposal } from '~/models/template-proposal-decide.server';
import { listTemplateProposals } from '~/models/template-proposal.server';
import { CsrfInput } from '~/components/csrf';
import { NumberedPager } from '~/components/pager';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Template proposals · Admin · Kaizen' }];

const PAGE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'admin');
  const page = pageParam(request);
  const { items, total } = await listTemplateProposals(context.db, { actor, filter: { page, limit: PAGE } });
  return { items, total, page, pages: Math.max(1, Math.ceil(total / PAGE)) };
}

/** The forms of this page: accept a proposal, or decline it with a reason. */
function proposalIntents() {
  const proposal = z.string().min(1, 'say which proposal');
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('accept'), proposal }),
    z.object({ intent: z.literal('decline'), proposal, reason: z.string().default('') }),
  ]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const input = parseIntent(form, proposalIntents);
  try {
    const p = await decideProposal(context.db, {
      actor,
      proposalId: input.proposal,
      input: input.intent === 'accept' ? { action: 'accept' } : { action: 'decline', reason: input.reason },
      ip: clientIp(request, context),
    });
    return {
      ok: true as const,
      proposal: p.id,
      message:
        p.status === 'accepted'
          ? `Accepted: ${p.templateTitle} v${p.acceptedVersion} asks “${p.question}”. New reviews use it; reviews already started keep their version.`
          : `Declined: “${p.question}”.`,
    };
  } catch (e) {
    return formFailure(e, { proposal: input.proposal, reason: input.intent === 'decline' ? input.reason : '' });
  }
}

const STATUS_LABELS = { open: 'Open', accepted: 'Accepted', declined: 'Declined', withdrawn: 'Withdrawn' } as const;

export default function AdminProposals() {
  const { items, total, page, pages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const failed = result && !result.ok ? (result as typeof result & { proposal: string; reason: string }) : null;
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Template proposals</h1>
      <p className="muted">
        Questions proposed from RCAs for checklist templates. Accepting one adds it to the template’s next version (the latest version with
        the question appended, its source the proposal and the RCA); declining needs a reason, which the RCA’s page shows.
      </p>
      {result ? (
        <p className={`banner ${result.ok ? 'ok' : 'error'}`} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{page > 1 ? 'No proposals on this page.' : 'No questions have been proposed yet.'}</p>
      ) : (
        <TableScroll label="Template proposals">
          <table className="data" aria-label="Template proposals">
            <thead>
              <tr>
                <th>Question</th>
                <th>Template and checklist</th>
                <th>From the RCA</th>
                <th>Proposed by</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => {
                const error = failed?.proposal === p.id ? failed : null;
                return (
                  <tr key={p.id} data-proposal-status={p.status}>
                    <td>
                      {p.question}
                      {p.help ? <div className="muted">{p.help}</div> : null}
                    </td>
                    <td>
                      {p.templateTitle} <span className="muted">({p.template})</span> · {p.fieldLabel}
                    </td>
                    <td>
                      {p.rcaId ? <Link to={`/docs/${p.rcaId}`}>{p.rcaTitle}</Link> : <>{p.rcaTitle} (deleted)</>}
                      <div>{p.reason}</div>
                    </td>
                    <td>
                      {p.proposedBy}
                      <div className="muted">{formatUtc(p.proposedAt)}</div>
                    </td>
                    <td>
                      <strong>{STATUS_LABELS[p.status]}</strong>
                      {p.status === 'accepted' ? (
                        <div>
                          into <Link to="/admin/templates">v{p.acceptedVersion}</Link> as <code>{p.item}</code>
                        </div>
                      ) : null}
                      {p.declineReason ? <div>{p.declineReason}</div> : null}
                      {p.decidedBy ? (
                        <div className="muted">
                          by {p.decidedBy}
                          {p.decidedAt ? `, ${formatUtc(p.decidedAt)}` : ''}
                        </div>
                      ) : null}
                      {p.status === 'open' ? (
                        <div className="stack">
                          <Form method="post">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="accept" />
                            <input type="hidden" name="proposal" value={p.id} />
                            <button type="submit" disabled={busy}>
                              Accept into the next version
                            </button>
                          </Form>
                          <Form method="post" className="stack">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="decline" />
                            <input type="hidden" name="proposal" value={p.id} />
                            <label>
                              Reason for declining
                              <textarea
                                name="reason"
                                rows={2}
                                defaultValue={error?.reason}
                                aria-invalid={!!error?.errors.reason}
                                aria-describedby={error?.errors.reason ? `decline-${p.id}-error` : undefined}
                              />
                            </label>
                            {error?.errors.reason ? (
                              <p className="field-error" id={`decline-${p.id}-error`}>
                                {error.errors.reason}
                              </p>
                            ) : null}
                            <button type="submit" className="secondary" disabled={busy}>
                              Decline
                            </button>
                          </Form>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <NumberedPager page={page} pages={pages} total={total} noun="proposals" />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
