import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { onThisDay } from '~/models/reading.server';
import { getHomeOverview } from '~/models/home.server';
import { formatUtc } from '~/lib/time';
import { requestNow } from '~/lib/clock.server';
import { listDueOutcomes } from '~/models/launch-outcome.server';
import { SeverityBadge, StatusBadge } from '~/components/badges';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const now = requestNow(context);
  const [overview, pastYears, dueOutcomes] = await Promise.all([
    getHomeOverview(context.db, { actor, today: now.toISOString().slice(0, 10), now }),
    onThisDay(context.db, { actor, now }),
    listDueOutcomes(context.db, { actor, now }),
  ]);
  return { name: actor.name, ...overview, onThisDay: pastYears, dueOutcomes };
}

type Row = { id: string; title: string; status: string; severity: string | null; updatedAt: string };

function DocList({ rows, empty }: { rows: Row[]; empty: string }) {
  if (!rows.length) return <p className="muted">{empty}</p>;
  return (
    <ul>
      {rows.map((d) => (
        <li key={d.id}>
          <Link to={`/docs/${d.id}`}>{d.title}</Link> <StatusBadge status={d.status} /> <SeverityBadge severity={d.severity} />{' '}
          <span className="muted">updated {formatUtc(d.updatedAt)}</span>
        </li>
      ))}
    </ul>
  );
}

export default function Home() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>What needs attention</h1>
        {d.editor ? (
          <Link className="button" to="/docs/new">
            New document
          </Link>
        ) : null}
      </div>
      {d.dueOutcomes.length ? (
        <section className="card" aria-labelledby="due-outcomes">
          <h2 id="due-outcomes">Launch outcomes to record</h2>
          <p className="muted">The agreed time to declare success has passed for these launches of yours: say how each went.</p>
          <ul>
            {d.dueOutcomes.map((o) => (
              <li key={o.id} data-due-outcome={o.id}>
                <Link to={`/docs/${o.id}#outcome`}>{o.title}</Link>{' '}
                <span className="muted">success due {formatUtc(o.successAt)} (UTC)</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.editor ? (
        <>
          <section className="card">
            <h2>Drafts</h2>
            <DocList rows={d.drafts} empty="No drafts. Everything written has gone to review." />
          </section>
          <section className="card">
            <h2>In review</h2>
            <DocList rows={d.reviews} empty="Nothing is waiting for review." />
          </section>
        </>
      ) : null}
      <section className="card">
        <h2>Overdue action items</h2>
        {d.overdue.length ? (
          <ul>
            {d.overdue.map((a) => (
              <li key={a.id}>
                {a.title} — {a.owner ?? 'no owner'}, due {a.dueDate} · <Link to={`/docs/${a.documentId}`}>{a.documentTitle}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No overdue action items.</p>
        )}
        <Link to="/actions?overdue=true">All action items</Link>
      </section>
      <section className="card">
        <h2>Upcoming launches</h2>
        {d.launches.length ? (
          <ul>
            {d.launches.map((l) => (
              <li key={l.id}>
                <Link to={`/docs/${l.id}`}>{l.title}</Link> — {formatUtc(l.launchAt)} <StatusBadge status={l.status} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No launches scheduled.</p>
        )}
      </section>
      <section className="card">
        <h2>Recently published</h2>
        <DocList rows={d.published} empty="Nothing published yet." />
      </section>
      <section className="card" aria-labelledby="on-this-day">
        <h2 id="on-this-day">On this day</h2>
        {d.onThisDay.length ? (
          <ul>
            {d.onThisDay.map((r) => (
              <li key={r.id}>
                <Link to={`/docs/${r.id}`}>{r.title}</Link> <SeverityBadge severity={r.severity} />{' '}
                <span className="muted">
                  {r.yearsAgo === 1 ? 'a year ago' : `${r.yearsAgo} years ago`}, {formatUtc(r.startedAt)}
                  {r.service ? ` · ${r.service}` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">
            No published incident started this week in earlier years. Curated <Link to="/reading">reading lists</Link> and the{' '}
            <Link to="/library">library</Link> hold the reviews worth rereading.
          </p>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
