import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { SEVERITIES } from '../../db/enums';
import { requireSession } from '~/lib/auth.server';
import { requestNow } from '~/lib/clock.server';
import { unstorableReason } from '~/lib/safe-text';
import { formatDuration } from '~/lib/time';
import type { Spread } from '~/models/insights.server';
import { getInsightsCached } from '~/models/insights-cache.server';
import { listTemplates } from '~/models/template.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';
import { ChartFigure, Lines, type Series, StackedColumns } from '~/components/charts';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Insights · Kaizen' }];

const PERIODS = ['3', '6', '12', '24', '36', 'all'] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const params = new URL(request.url).searchParams;
  const asked = params.get('months') ?? '12';
  const period = (PERIODS as readonly string[]).includes(asked) ? asked : '12';
  // Free text from the URL: trimmed and bounded, compared in SQL as a parameter (never spliced).
  const typed = (params.get('service') ?? '').trim().slice(0, 200);
  // Text no database can hold (a NUL byte, a lone surrogate) matches no service: the filter is left out and named.
  const unstorable = unstorableReason(typed);
  const service = unstorable ? '' : typed;
  const templates = await listTemplates(context.db, { latestOnly: true });
  const template = templates.some((t) => t.key === params.get('template')) ? params.get('template') : '';
  const now = requestNow(context);
  const insights = await getInsightsCached(context.db, {
    actor,
    months: period === 'all' ? 'all' : Number(period),
    now,
    today: now.toISOString().slice(0, 10),
    service: service || null,
    template: template || null,
  });
  return {
    ...insights,
    period,
    service,
    template: template ?? '',
    problem: unstorable ? `The service filter was left out: ${unstorable}.` : null,
    templates: templates.map((t) => ({ key: t.key, title: t.title })),
  };
}

const hours = (n: number) => `${Math.round(n / 6) / 10} h`;
const dur = (m: number | null) => (m === null ? '—' : formatDuration(m));
const spread = (s: Spread) => (s.median === null ? '—' : `${formatDuration(s.median)} median · ${formatDuration(s.p90)} p90`);
const SEVERITY_TONES: Record<string, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4, SEV5: 5, none: 6 };

export default function Insights() {
  const d = useLoaderData<typeof loader>();
  const labels = d.months.map((m) => m.month);
  const severities = [...SEVERITIES, 'none'].filter((s) => d.months.some((m) => m.severities[s]));
  const sevSeries: Series[] = severities.map((s) => ({
    label: s === 'none' ? 'no severity' : s,
    values: d.months.map((m) => m.severities[s] ?? 0),
    tone: SEVERITY_TONES[s],
  }));
  const durationSeries: Series[] = [
    { label: 'Time to detect, median', values: d.months.map((m) => m.detect.median), tone: 2 },
    { label: 'Time to detect, p90', values: d.months.map((m) => m.detect.p90), tone: 2, dashed: true },
    { label: 'Time to resolve, median', values: d.months.map((m) => m.resolve.median), tone: 7 },
    { label: 'Time to resolve, p90', values: d.months.map((m) => m.resolve.p90), tone: 7, dashed: true },
  ];
  const actionSeries: Series[] = [
    { label: 'Created', values: d.months.map((m) => m.actionsCreated), tone: 7 },
    { label: 'Done', values: d.months.map((m) => m.actionsDone), tone: 8 },
  ];
  const launchSeries: Series[] = [
    { label: 'Go', values: d.months.map((m) => m.launchesGo), tone: 8 },
    { label: 'No-Go', values: d.months.map((m) => m.launchesNoGo), tone: 1 },
    { label: 'Pending', values: d.months.map((m) => m.launchesPending), tone: 6 },
  ];
  // The six categories with most incidents over time; the rest in the table below the chart.
  const topFactors = d.factors.slice(0, 6);
  const factorSeries: Series[] = topFactors.map((f, i) => ({
    label: f.category,
    values: d.months.map((m) => f.byMonth[m.month] ?? 0),
    tone: [1, 2, 3, 7, 8, 6][i],
  }));
  const maxImpact = Math.max(0, ...d.services.map((s) => s.impactMinutes));
  const totalActions = d.actions.open + d.actions.inProgress + d.actions.done + d.actions.wontDo;
  const completion = totalActions ? Math.round((d.actions.done / Math.max(1, totalActions - d.actions.wontDo)) * 100) : null;
  const filtered = d.service || d.template;
  const periodLabel = d.period === 'all' ? 'all time' : `the last ${d.period} months`;
  return (
    <>
      <h1>Insights</h1>
      <Form method="get" className="row card filters" aria-label="What to show">
        <div>
          <label htmlFor="months">Period</label>
          <select id="months" name="months" defaultValue={d.period}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {p === 'all' ? 'all time' : `last ${p} months`}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="service">Service</label>
          <input id="service" name="service" type="text" defaultValue={d.service} maxLength={200} placeholder="any service" />
        </div>
        <div>
          <label htmlFor="template">Template</label>
          <select id="template" name="template" defaultValue={d.template}>
            <option value="">any template</option>
            {d.templates.map((t) => (
              <option key={t.key} value={t.key}>
                {t.title}
              </option>
            ))}
          </select>
        </div>
        <div style={{ flex: 0 }}>
          <button type="submit">Show</button>
        </div>
        {filtered ? (
          <div style={{ flex: 0 }}>
            <Link to={`/insights?months=${d.period}`}>Clear filters</Link>
          </div>
        ) : null}
      </Form>
      {d.problem ? (
        <p className="banner warn" role="alert">
          {d.problem}
        </p>
      ) : null}
      <p className="muted">
        {d.range.from} to {d.range.to} ({periodLabel}), every month shown, months without incidents included. Incidents are published RCAs
        by the month each started (UTC); launches are launch reviews in review or published, by launch month. Durations are hours:minutes;
        medians and 90th percentiles, because a few long incidents make means mislead.
      </p>

      <section className="card" aria-labelledby="summary">
        <h2 id="summary">In this period</h2>
        <dl className="stats">
          <div>
            <dt>Incidents</dt>
            <dd>{d.totals.incidents}</dd>
          </div>
          <div>
            <dt>Time affected</dt>
            <dd>{dur(d.totals.impactMinutes)}</dd>
          </div>
          <div>
            <dt>Time to detect</dt>
            <dd>{spread(d.totals.detect)}</dd>
          </div>
          <div>
            <dt>Time to resolve</dt>
            <dd>{spread(d.totals.resolve)}</dd>
          </div>
          <div>
            <dt>Launches</dt>
            <dd>
              {d.launches.launches} ({d.launches.go} Go, {d.launches.noGo} No-Go, {d.launches.pending} pending)
            </dd>
          </div>
          <div>
            <dt>Blockers per launch</dt>
            <dd>{d.launches.blockersPerLaunch ?? '—'}</dd>
          </div>
        </dl>
        {d.totals.incidents === 0 && d.launches.launches === 0 ? (
          <p className="empty">
            {filtered
              ? 'Nothing published in this period for these filters. Try a longer period or clear the filters; '
              : 'Nothing published in this period. Try a longer period; '}
            published reviews also appear in the <Link to="/library">library</Link>.
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="by-month">
        <h2 id="by-month">Incidents by month and severity</h2>
        <ChartFigure
          caption="Incidents by month and severity"
          series={sevSeries}
          chart={<StackedColumns labels={labels} series={sevSeries} />}
          table={{
            head: ['Month', 'Incidents', ...severities.map((s) => (s === 'none' ? 'No severity' : s)), 'Time affected'],
            rows: d.months.map((m) => [m.month, m.incidents, ...severities.map((s) => m.severities[s] ?? 0), dur(m.impactMinutes)]),
          }}
        />
      </section>

      <section className="card" aria-labelledby="durations">
        <h2 id="durations">Time to detect and to resolve</h2>
        <ChartFigure
          caption="Time to detect and to resolve by month, median and 90th percentile"
          series={durationSeries}
          chart={<Lines labels={labels} series={durationSeries} format={hours} />}
          table={{
            head: ['Month', 'Detect, median', 'Detect, p90', 'Resolve, median', 'Resolve, p90'],
            rows: d.months.map((m) => [m.month, dur(m.detect.median), dur(m.detect.p90), dur(m.resolve.median), dur(m.resolve.p90)]),
          }}
        />
      </section>

      <section className="card" aria-labelledby="by-factor">
        <h2 id="by-factor">Contributing factors</h2>
        {d.factors.length === 0 ? (
          <p className="muted">
            No contributing factors on the incidents of this period. Reviews written on the current RCA templates record them, each with a
            category.
          </p>
        ) : (
          <>
            <ChartFigure
              caption="Incidents by month, for the six most frequent contributing-factor categories"
              series={factorSeries}
              chart={<StackedColumns labels={labels} series={factorSeries} />}
              table={{
                head: ['Month', ...topFactors.map((f) => f.category)],
                rows: d.months.map((m) => [m.month, ...topFactors.map((f) => f.byMonth[m.month] ?? 0)]),
              }}
            />
            <TableScroll label="Contributing-factor categories">
              <table className="data" aria-label="Contributing-factor categories">
                <thead>
                  <tr>
                    <th>Category</th>
                    <th>Incidents</th>
                    <th>Time affected</th>
                  </tr>
                </thead>
                <tbody>
                  {d.factors.map((f) => (
                    <tr key={f.category}>
                      <td>
                        <Link to={`/library?factor=${encodeURIComponent(f.category)}`}>{f.category}</Link>
                      </td>
                      <td>{f.incidents}</td>
                      <td>{formatDuration(f.impactMinutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </section>

      <Recurrences d={d} labels={labels} />

      <section className="card" aria-labelledby="by-service">
        <h2 id="by-service">Services with the most time affected</h2>
        {d.services.length === 0 ? (
          <p className="muted">No incidents in this period.</p>
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
                {d.services.map((s) => (
                  <tr key={s.service}>
                    <td>
                      <Link to={`/insights?months=${d.period}&service=${encodeURIComponent(s.service)}`}>{s.service}</Link>
                    </td>
                    <td>{s.incidents}</td>
                    <td>{formatDuration(s.impactMinutes)}</td>
                    <td>
                      <div className="bar" aria-hidden="true">
                        <div
                          className="bar-fill"
                          style={{ width: `${maxImpact ? Math.max(2, Math.round((s.impactMinutes / maxImpact) * 100)) : 0}%` }}
                        />
                      </div>
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
          {completion === null ? 'No action items on published reviews yet.' : `${completion}% done`} · {d.actions.open} open ·{' '}
          {d.actions.inProgress} in progress · {d.actions.done} done · {d.actions.wontDo} won't do ·{' '}
          <Link to="/actions?overdue=true">{d.actions.overdue} overdue</Link>
        </p>
        <ChartFigure
          caption="Action items created and done by month"
          series={actionSeries}
          chart={<Lines labels={labels} series={actionSeries} />}
          table={{ head: ['Month', 'Created', 'Done'], rows: d.months.map((m) => [m.month, m.actionsCreated, m.actionsDone]) }}
        />
        <TableScroll label="Completion by kind">
          <table className="data" aria-label="Completion by kind">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Items</th>
                <th scope="col">Done</th>
                <th scope="col">Still open</th>
                <th scope="col">Won't do</th>
                <th scope="col">Completion</th>
              </tr>
            </thead>
            <tbody>
              {d.actions.byKind.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">{k.kind}</th>
                  <td>{k.total}</td>
                  <td>{k.done}</td>
                  <td>{k.open}</td>
                  <td>{k.wontDo}</td>
                  <td>{k.total - k.wontDo > 0 ? `${Math.round((k.done / (k.total - k.wontDo)) * 100)}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section className="card" aria-labelledby="launches">
        <h2 id="launches">Launch decisions</h2>
        <ChartFigure
          caption="Launch reviews by launch month and decision"
          series={launchSeries}
          chart={<StackedColumns labels={labels} series={launchSeries} />}
          table={{
            head: ['Month', 'Go', 'No-Go', 'Pending'],
            rows: d.months.map((m) => [m.month, m.launchesGo, m.launchesNoGo, m.launchesPending]),
          }}
        />
        <p>
          {d.launches.blockers} launch blocker{d.launches.blockers === 1 ? '' : 's'} opened on {d.launches.launches} launch review
          {d.launches.launches === 1 ? '' : 's'} in this period. See <Link to="/launches">Launches</Link>.
        </p>
      </section>
    </>
  );
}

const RECURRENCE_KIND = {
  came_back: 'came back after its prevent actions were done',
  still_open: 'its prevent actions are still open',
} as const;

/** Incidents that repeat an earlier one, by month, and the latest of them with what they repeat. */
function Recurrences({ d, labels }: { d: ReturnType<typeof useLoaderData<typeof loader>>; labels: string[] }) {
  const series: Series[] = [
    { label: 'Came back after prevent actions were done', values: d.months.map((m) => m.recurrencesCameBack), tone: 1 },
    { label: 'Prevent actions still open', values: d.months.map((m) => m.recurrencesStillOpen), tone: 3 },
  ];
  const total = d.months.reduce((n, m) => n + m.recurrencesCameBack + m.recurrencesStillOpen, 0);
  const { checked, incidents, latest } = d.recurrences;
  return (
    <section className="card" aria-labelledby="recurrences">
      <h2 id="recurrences">Recurrences</h2>
      <p className="muted">
        An incident recurs when one of its most similar earlier incidents was the same problem (shared service or tags and several shared
        words) and had prevent actions: all done, and it came back anyway, or some still open.
        {checked < incidents
          ? ` ${checked} of ${incidents} incidents of this period have been compared with earlier ones so far; the rest are being compared in the background.`
          : ''}
      </p>
      {total === 0 ? (
        <p className="muted">
          No incident of this period repeats an earlier one. Each RCA's page lists its similar past incidents; a longer period may show
          more.
        </p>
      ) : (
        <>
          <p>{`${total} recurring incident${total === 1 ? '' : 's'} in this period.`}</p>
          <ChartFigure
            caption="Recurring incidents by month"
            series={series}
            chart={<StackedColumns labels={labels} series={series} />}
            table={{
              head: ['Month', 'Came back after prevent actions were done', 'Prevent actions still open'],
              rows: d.months.map((m) => [m.month, m.recurrencesCameBack, m.recurrencesStillOpen]),
            }}
          />
          <h3>Latest recurrences</h3>
          <ul className="recurrences" aria-label="Latest recurrences">
            {latest.map((r) => (
              <li key={r.id}>
                <Link to={`/docs/${r.id}`}>{r.title}</Link>
                {r.startedAt ? <span className="muted"> · {r.startedAt.slice(0, 10)}</span> : null}
                <ul>
                  {r.earlier.map((e) => (
                    <li key={e.id}>
                      repeats <Link to={`/docs/${e.id}`}>{e.title}</Link>
                      {e.startedAt ? ` (${e.startedAt.slice(0, 10)})` : ''}: {RECURRENCE_KIND[e.kind]}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
