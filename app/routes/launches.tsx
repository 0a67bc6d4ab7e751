import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { canEdit } from '~/models/access.server';
import { formatUtc } from '~/lib/time';
import { StatusBadge } from '~/components/badges';
import { LaunchListFilterSchema, countLaunchDecisions, listLaunchReviews } from '~/models/launch-decision.server';
import { CursorPager } from '~/components/pager';
import { refreshExpiredWaivers } from '~/models/waiver.server';
import { formatCount } from '~/lib/count';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';
import { requestNow } from '~/lib/clock.server';
import { outcomesOf } from '~/models/launch-outcome.server';
import { OUTCOME_TEXT } from '~/components/outcome-panel';

const TABS = [
  { view: 'all', label: 'All' },
  { view: 'upcoming', label: 'Upcoming' },
  { view: 'decided', label: 'Decided' },
  { view: 'launched', label: 'Launched' },
] as const;

/** What an empty tab says, and what to do about it. */
const EMPTY: Record<(typeof TABS)[number]['view'], string> = {
  all: 'No launch reviews yet. Start one with “New launch review” before your next release.',
  upcoming: 'No launch is scheduled. Set the launch time on a launch review to see it here.',
  decided: 'No review has a Go or No-Go yet. A review is decided when every role has signed off (Go) or someone said No-Go.',
  launched: 'Nothing has launched with a Go yet. Launches appear here once their launch time has passed.',
};

const DECISION_TEXT = { go: 'Go', no_go: 'No-Go', pending: 'Pending' } as const;

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Launch reviews · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  // A waiver that ended since reopens its blocker: the stored decisions listed here are taken again first.
  await refreshExpiredWaivers(context.db);
  // A malformed cursor or limit shows the first page (the list has no other parameters to report on).
  const parsed = LaunchListFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = parsed.success ? parsed.data : LaunchListFilterSchema.parse({});
  if (!parsed.success) filter.view = LaunchListFilterSchema.shape.view.parse(new URL(request.url).searchParams.get('view') ?? undefined);
  const now = requestNow(context);
  const [page, counts] = await Promise.all([
    listLaunchReviews(context.db, { actor, filter, now }),
    countLaunchDecisions(context.db, { actor }),
  ]);
  const outcomes = await outcomesOf(
    context.db,
    page.items.map((l) => l.id),
  );
  return {
    launches: page.items.map((l) => ({ ...l, outcome: outcomes.get(l.id) ?? null })),
    nextCursor: page.nextCursor,
    counts,
    canCreate: canEdit(actor),
    view: filter.view,
    now: now.toISOString(),
  };
}

export default function Launches() {
  const { launches, nextCursor, counts, canCreate, view, now } = useLoaderData<typeof loader>();
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
          <strong>{formatCount(counts.go, counts.cap)}</strong> go
        </li>
        <li>
          <strong>{formatCount(counts.noGo, counts.cap)}</strong> no-go
        </li>
        <li>
          <strong>{formatCount(counts.pending, counts.cap)}</strong> pending
        </li>
      </ul>
      <nav className="tabs" aria-label="Launch views">
        {TABS.map((t) => (
          <Link
            key={t.view}
            to={t.view === 'all' ? '/launches' : `/launches?view=${t.view}`}
            aria-current={view === t.view ? 'page' : undefined}
          >
            {t.label}
          </Link>
        ))}
        <Link to="/account/calendar" style={{ marginLeft: 'auto' }}>
          Calendar feed (.ics)
        </Link>
      </nav>
      {launches.length === 0 ? (
        <div className="empty">{EMPTY[view]}</div>
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
                <th>Outcome</th>
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
                  <td data-outcome={l.outcome ?? ''}>{l.outcome ? OUTCOME_TEXT[l.outcome] : <span className="muted">—</span>}</td>
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
