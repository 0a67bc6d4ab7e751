import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { canEdit } from '~/models/access.server';
import { formatUtc } from '~/lib/time';
import { StatusBadge } from '~/components/badges';
import { LaunchListFilterSchema, countLaunchDecisions, listLaunchReviews } from '~/models/launch-decision.server';
import { CursorPager } from '~/components/pager';
import { refreshExpiredWaivers } from '~/models/waiver.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

const DECISION_TEXT = { go: 'Go', no_go: 'No-Go', pending: 'Pending' } as const;

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Launch reviews · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  // A waiver that ended since reopens its blocker: the stored decisions listed here are taken again first.
  await refreshExpiredWaivers(context.db);
  // A malformed cursor or limit shows the first page (the list has no other parameters to report on).
  const parsed = LaunchListFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = parsed.success ? parsed.data : LaunchListFilterSchema.parse({});
  const [page, counts] = await Promise.all([listLaunchReviews(context.db, { actor, filter }), countLaunchDecisions(context.db, { actor })]);
  return { launches: page.items, nextCursor: page.nextCursor, counts, canCreate: canEdit(actor) };
}

export default function Launches() {
  const { launches, nextCursor, counts, canCreate } = useLoaderData<typeof loader>();
  const now = new Date().toISOString();
  return (
    <>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>Launch reviews</h1>
        {canCreate ? (
          <Link className="button" to="/docs/new?kind=checklist">
            New launch review
          </Link>
        ) : null}
      </div>
      <ul className="counts" aria-label="Decisions">
        <li>
          <strong>{counts.go}</strong> go
        </li>
        <li>
          <strong>{counts.noGo}</strong> no-go
        </li>
        <li>
          <strong>{counts.pending}</strong> pending
        </li>
      </ul>
      {launches.length === 0 ? (
        <div className="empty">No launch reviews yet.</div>
      ) : (
        <TableScroll label="Launch reviews">
          <table className="data" aria-label="Launch reviews">
            <thead>
              <tr>
                <th>Launch</th>
                <th>When (UTC)</th>
                <th>Status</th>
                <th>Decision</th>
                <th>Current sign-offs</th>
              </tr>
            </thead>
            <tbody>
              {launches.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/docs/${l.id}`}>{l.title}</Link>
                    {l.service ? <div className="muted">{l.service}</div> : null}
                  </td>
                  <td>
                    {l.launchAt ? formatUtc(l.launchAt) : '—'}
                    {l.launchAt && l.launchAt > now ? <div className="muted">upcoming</div> : null}
                  </td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td data-decision={l.decision}>{DECISION_TEXT[l.decision]}</td>
                  <td>
                    {l.go} go · {l.noGo} no-go
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <CursorPager nextCursor={nextCursor} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
