import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { issuesByPath, zodIssues } from '~/lib/errors.server';
import { AUDIT_ACTIONS, AuditFilterSchema, listAuditEvents } from '~/models/audit.server';
import { FormField } from '~/components/form-field';
import { formatUtc } from '~/lib/time';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Audit log · Admin · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'admin');
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const r = AuditFilterSchema.safeParse(query);
  // A bad filter is shown next to its field and ignored, rather than failing the page.
  const errors = r.success ? {} : issuesByPath(zodIssues(r.error));
  const filter = r.success ? r.data : AuditFilterSchema.parse(Object.fromEntries(Object.entries(query).filter(([k]) => !(k in errors))));
  const { items, hasMore } = await listAuditEvents(context.db, { filter });
  // The action names travel with the data: a *.server module's exports do not exist in the browser.
  return { items, hasMore, filter, errors, actions: AUDIT_ACTIONS };
}

export default function AuditLog() {
  const { items, hasMore, filter, errors, actions } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => {
    const p = new URLSearchParams();
    for (const k of ['action', 'actor', 'from', 'to'] as const) if (filter[k]) p.set(k, String(filter[k]));
    p.set('page', String(page));
    return `?${p.toString()}`;
  };
  const filtered = !!(filter.action || filter.actor || filter.from || filter.to);
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Audit log</h1>
      <p className="muted">
        Append-only: every sign-in, failed sign-in, account, role, token and template change, and document change. Times in UTC.
      </p>
      <Form method="get" className="row card" aria-label="Filters">
        <FormField name="action" label="Action" error={errors.action}>
          <select id="action" name="action" defaultValue={filter.action ?? ''}>
            <option value="">Any</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </FormField>
        <FormField name="actor" label="Actor (email or id)" defaultValue={filter.actor ?? ''} error={errors.actor} />
        <FormField name="from" label="From (UTC date)" type="date" defaultValue={filter.from ?? ''} error={errors.from} />
        <FormField name="to" label="To (UTC date)" type="date" defaultValue={filter.to ?? ''} error={errors.to} />
        <div style={{ flex: 0 }}>
          <button type="submit">Filter</button>
        </div>
      </Form>
      {items.length === 0 ? (
        <p className="empty">
          {filtered ? (
            <>
              No events match these filters. <Link to="/admin/audit">Clear the filters</Link>.
            </>
          ) : filter.page > 1 ? (
            <>
              No more events. <Link to="/admin/audit">Back to the newest</Link>.
            </>
          ) : (
            'No events yet.'
          )}
        </p>
      ) : (
        <TableScroll label="Audit events">
          <table className="data" aria-label="Audit events">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Actor</th>
                <th>Action</th>
                <th>Target</th>
                <th>Address</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td>{formatUtc(e.at)}</td>
                  <td>{e.actorLabel}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.targetType === 'document' && e.targetId ? (
                      <Link to={`/docs/${e.targetId}`}>{e.targetId}</Link>
                    ) : e.targetType ? (
                      `${e.targetType} ${e.targetId ?? ''}`
                    ) : (
                      ''
                    )}
                  </td>
                  <td>{e.ip ?? ''}</td>
                  <td>
                    <code className="muted">{Object.keys(e.details).length ? JSON.stringify(e.details) : ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav className="pager" aria-label="Pages">
        {filter.page > 1 ? <Link to={pageLink(filter.page - 1)}>« Newer</Link> : <span />}
        <span className="muted">Page {filter.page}</span>
        {hasMore ? <Link to={pageLink(filter.page + 1)}>Older »</Link> : <span />}
      </nav>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
