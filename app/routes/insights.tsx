import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { formatDuration } from '~/lib/time';
import { getInsights } from '~/models/insights.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Insights · Kaizen' }];

const PERIODS = [3, 6, 12, 24];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const asked = Number(new URL(request.url).searchParams.get('months'));
  const months = PERIODS.includes(asked) ? asked : 12;
  const insights = await getInsights(context.db, { actor, months, today: new Date().toISOString().slice(0, 10) });
  return { ...insights, months: insights.months, period: months };
}

function Bar({ value, max, label }: { value: number; max: number; label: string }) {
  const width = max ? Math.max(2, Math.round((value / max) * 100)) : 0;
  return (
    <div className="bar" role="img" aria-label={label}>
      <div className="bar-fill" style={{ width: `${width}%` }} />
    </div>
  );
}

export default function Insights() {
  const { months, services, actions, period } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const maxIncidents = Math.max(0, ...months.map((m) => m.incidents));
  const maxImpact = Math.max(0, ...services.map((s) => s.impactMinutes));
  const totalActions = actions.open + actions.inProgress + actions.done + actions.wontDo;
  const completion = totalActions ? Math.round((actions.done / Math.max(1, totalActions - actions.wontDo)) * 100) : null;
  return (
    <>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>Insights</h1>
        <Form method="get" className="row" style={{ flex: 0, minWidth: '18rem' }}>
          <div>
            <label htmlFor="months">Period</label>
            <select id="months" name="months" defaultValue={params.get('months') ?? String(period)}>
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  last {p} months
                </option>
              ))}
            </select>
          </div>
          <div style={{ flex: 0 }}>
            <button type="submit">Show</button>
          </div>
        </Form>
      </div>
      <p className="muted">From published RCAs, by the month each incident started (UTC). Durations are hours:minutes.</p>
      <section className="card" aria-labelledby="by-month">
        <h2 id="by-month">Incidents by month</h2>
        {months.length === 0 ? (
          <p className="empty">
            No published RCAs in this period. Published reviews appear here and in the <Link to="/library">library</Link>.
          </p>
        ) : (
          <TableScroll label="Incidents by month">
            <table className="data" aria-label="Incidents by month">
              <thead>
                <tr>
                  <th>Month</th>
                  <th>Incidents</th>
                  <th style={{ width: '30%' }} aria-hidden />
                  <th>SEV1 / SEV2</th>
                  <th>Time affected</th>
                  <th>Mean time to detect</th>
                  <th>Mean time to resolve</th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr key={m.month}>
                    <td>{m.month}</td>
                    <td>{m.incidents}</td>
                    <td>
                      <Bar value={m.incidents} max={maxIncidents} label={`${m.incidents} incidents`} />
                    </td>
                    <td>
                      {m.sev1} / {m.sev2}
                    </td>
                    <td>{formatDuration(m.impactMinutes)}</td>
                    <td>{m.meanDetectMinutes === null ? '—' : formatDuration(m.meanDetectMinutes)}</td>
                    <td>{m.meanResolveMinutes === null ? '—' : formatDuration(m.meanResolveMinutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section className="card" aria-labelledby="by-service">
        <h2 id="by-service">Services with the most time affected</h2>
        {services.length === 0 ? (
          <p className="muted">Nothing in this period.</p>
        ) : (
          <TableScroll label="Services with the most time affected">
            <table className="data" aria-label="Services with the most time affected">
              <thead>
                <tr>
                  <th>Service</th>
                  <th>Incidents</th>
                  <th>Time affected</th>
                  <th style={{ width: '35%' }} aria-hidden />
                </tr>
              </thead>
              <tbody>
                {services.map((s) => (
                  <tr key={s.service}>
                    <td>
                      <Link to={`/library?service=${encodeURIComponent(s.service)}`}>{s.service}</Link>
                    </td>
                    <td>{s.incidents}</td>
                    <td>{formatDuration(s.impactMinutes)}</td>
                    <td>
                      <Bar value={s.impactMinutes} max={maxImpact} label={`${formatDuration(s.impactMinutes)} affected`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section className="card" aria-labelledby="follow-through">
        <h2 id="follow-through">Follow-through on action items</h2>
        <p>
          {completion === null ? 'No action items on published reviews yet.' : `${completion}% done`} · {actions.open} open ·{' '}
          {actions.inProgress} in progress · {actions.done} done · {actions.wontDo} won't do ·{' '}
          <Link to="/actions?overdue=true">{actions.overdue} overdue</Link>
        </p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
