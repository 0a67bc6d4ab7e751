import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { DocumentFilterSchema, listDocuments } from '~/models/document-list.server';
import { formatUtc } from '~/lib/time';
import { CursorPager } from '~/components/pager';
import { SeverityBadge } from '~/components/badges';
import { SeveritySelect } from '~/components/severity-select';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Learning library · Kaizen' }];

/** Published reviews only, for everyone who can sign in: search, filter, read, download. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = DocumentFilterSchema.safeParse({ ...params, status: 'published' });
  const filter = parsed.success ? parsed.data : DocumentFilterSchema.parse({ status: 'published' });
  const page = await listDocuments(context.db, { actor, filter });
  return { ...page, filterError: parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

export default function Library() {
  const { items, nextCursor, filterError } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Learning library</h1>
      <p className="muted">Every published review: what happened, why, and what we changed.</p>
      <Form method="get" className="filters" role="search" aria-label="Search the library">
        <div style={{ flex: 2 }}>
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={params.get('q') ?? ''} placeholder="e.g. failover, certificate, timeout" />
        </div>
        <SeveritySelect defaultValue={params.get('severity') ?? ''} emptyLabel="Any" />
        <div>
          <label htmlFor="service">Service</label>
          <input id="service" name="service" defaultValue={params.get('service') ?? ''} />
        </div>
        <div>
          <label htmlFor="tag">Tag</label>
          <input id="tag" name="tag" defaultValue={params.get('tag') ?? ''} />
        </div>
        <div style={{ flex: 0 }}>
          <button type="submit">Search</button>
        </div>
      </Form>
      {filterError ? <p className="banner warn">Some filters were ignored: {filterError}</p> : null}
      {items.length === 0 ? (
        <div className="empty">
          {params.toString() ? (
            <>
              Nothing published matches. <Link to="/library">Clear the search</Link>.
            </>
          ) : (
            'Nothing has been published yet.'
          )}
        </div>
      ) : (
        <ul className="plain">
          {items.map((d) => (
            <li key={d.id} className="card">
              <h2 style={{ margin: 0 }}>
                <Link to={`/docs/${d.id}`}>{d.title}</Link> <SeverityBadge severity={d.severity} />
              </h2>
              <div className="muted">
                {d.service ? `${d.service} · ` : ''}
                {d.startedAt ? `started ${formatUtc(d.startedAt)}` : `updated ${formatUtc(d.updatedAt)}`}
                {d.tags.length ? ` · ${d.tags.map((t) => `#${t}`).join(' ')}` : ''}
              </div>
              {d.snippet ? <p>{d.snippet}</p> : null}
              <a href={`/docs/${d.id}.pdf`}>PDF</a>
            </li>
          ))}
        </ul>
      )}
      <CursorPager nextCursor={nextCursor} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
