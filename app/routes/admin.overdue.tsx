import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { requestNow } from '~/lib/clock.server';
import { OverdueQuerySchema, listOverdue } from '~/models/overdue.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Overdue · Admin · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'admin');
  const query = OverdueQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = requestNow(context).toISOString().slice(0, 10);
  return { ...(await listOverdue(context.db, { actor, today, ...query })), ...query, today };
}

export default function Overdue() {
  const { rcas, moreRcas, items, moreItems, rcaPage, itemPage, today } = useLoaderData<typeof loader>();
  const link = (r: number, i: number) => `?rcaPage=${r}&itemPage=${i}`;
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Overdue</h1>
      <p className="muted">
        Who is overdue on {today} (UTC): RCAs still a draft past their due date (working days after the incident ended, set per template),
        and open action items past their due date, by owner. Owners are reminded hourly by the reminder job.
      </p>
      <section>
        <h2 id="overdue-rcas">RCAs past due</h2>
        {rcas.length === 0 ? (
          <p className="empty">{rcaPage > 1 ? 'No more RCAs past due.' : 'No RCA is past due.'}</p>
        ) : (
          <TableScroll label="RCAs past due">
            <table className="data" aria-label="RCAs past due">
              <thead>
                <tr>
                  <th>Owner</th>
                  <th>RCA</th>
                  <th>Due (UTC date)</th>
                  <th>Days late</th>
                </tr>
              </thead>
              <tbody>
                {rcas.map((r) => (
                  <tr key={r.documentId}>
                    <td>{r.owner}</td>
                    <td>
                      <Link to={`/docs/${r.documentId}`}>{r.title}</Link>
                    </td>
                    <td>{r.dueDate}</td>
                    <td>{r.daysLate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <nav className="pager" aria-label="RCA pages">
          {rcaPage > 1 ? <Link to={link(rcaPage - 1, itemPage)}>« Previous RCAs</Link> : <span />}
          <span className="muted">Page {rcaPage}</span>
          {moreRcas ? <Link to={link(rcaPage + 1, itemPage)}>Next RCAs »</Link> : <span />}
        </nav>
      </section>
      <section>
        <h2 id="overdue-items">Action items past due</h2>
        {items.length === 0 ? (
          <p className="empty">{itemPage > 1 ? 'No more overdue action items.' : 'No action item is overdue.'}</p>
        ) : (
          <TableScroll label="Overdue action items">
            <table className="data" aria-label="Overdue action items">
              <thead>
                <tr>
                  <th>Owner</th>
                  <th>Action item</th>
                  <th>Document</th>
                  <th>Due (UTC date)</th>
                  <th>Days late</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <td>{i.owner || <span className="muted">no owner</span>}</td>
                    <td>{i.title}</td>
                    <td>
                      <Link to={`/docs/${i.documentId}`}>{i.documentTitle}</Link>
                    </td>
                    <td>{i.dueDate}</td>
                    <td>{i.daysLate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <nav className="pager" aria-label="Action item pages">
          {itemPage > 1 ? <Link to={link(rcaPage, itemPage - 1)}>« Previous items</Link> : <span />}
          <span className="muted">Page {itemPage}</span>
          {moreItems ? <Link to={link(rcaPage, itemPage + 1)}>Next items »</Link> : <span />}
        </nav>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
