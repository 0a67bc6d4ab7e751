import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { StatusBadge } from '~/components/badges';
import { RouteErrorBoundary } from '~/components/route-error';
import { requireSession } from '~/lib/auth.server';
import { requestNow } from '~/lib/clock.server';
import { ACTION_STATUS_LABELS } from '~/lib/labels';
import { formatUtc } from '~/lib/time';
import { type AssignedDocument, myAssignments } from '~/models/review-request.server';

export const meta: MetaFunction = () => [{ title: 'For me · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  return myAssignments(context.db, { actor, today: requestNow(context).toISOString().slice(0, 10) });
}

function Requests({ items, empty, signoff }: { items: AssignedDocument[]; empty: string; signoff?: boolean }) {
  if (!items.length) return <p className="empty">{empty}</p>;
  return (
    <ul className="plain">
      {items.map((r) => (
        <li key={r.requestId}>
          <Link to={`/docs/${r.documentId}`}>{r.title}</Link> <StatusBadge status={r.status} />
          <span className="muted">
            {signoff && r.role ? ` · sign as ${r.role}` : ''}
            {` · asked by ${r.requestedBy || 'someone'} `}
            <time dateTime={r.createdAt}>{formatUtc(r.createdAt)}</time>
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function Assigned() {
  const { actionItems, moreActionItems, reviews, signoffs } = useLoaderData<typeof loader>();
  return (
    <article>
      <h1>For me</h1>
      <p className="muted">What waits on you: action items you own, and the reviews and sign-offs you were asked for.</p>
      <section className="card" aria-labelledby="mine-actions">
        <h2 id="mine-actions">
          Action items you own ({actionItems.length}
          {moreActionItems ? '+' : ''})
        </h2>
        {actionItems.length === 0 ? (
          <p className="empty">
            No open action items are yours. An item is yours when its owner is your e-mail address or your name; items owned by text that
            names no account are listed on <Link to="/actions">Action items</Link>.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr>
                  <th>Action</th>
                  <th>Document</th>
                  <th>Due</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {actionItems.map((a) => (
                  <tr key={a.id}>
                    <td>{a.title}</td>
                    <td>
                      <Link to={`/docs/${a.documentId}`}>{a.documentTitle}</Link>
                    </td>
                    <td>
                      {a.dueDate ?? '—'}
                      {a.overdue ? <span className="overdue-label"> · overdue</span> : null}
                    </td>
                    <td>{ACTION_STATUS_LABELS[a.status as keyof typeof ACTION_STATUS_LABELS] ?? a.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {moreActionItems || actionItems.length ? (
          <p>
            <Link to="/actions?assignee=me">All your action items</Link>
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="mine-reviews">
        <h2 id="mine-reviews">Reviews you were asked for ({reviews.length})</h2>
        <Requests items={reviews} empty="No review waits on you. Editors ask for a review from a document's page." />
      </section>
      <section className="card" aria-labelledby="mine-signoffs">
        <h2 id="mine-signoffs">Sign-offs you were asked for ({signoffs.length})</h2>
        <Requests
          items={signoffs}
          signoff
          empty="No sign-off waits on you. A request is done once you sign on the review's current content."
        />
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
