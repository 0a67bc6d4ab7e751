import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { canEdit } from '~/models/access.server';
import { DOCUMENT_STATUSES } from '../../db/enums';
import { DocumentFilterSchema, listDocuments } from '~/models/document-list.server';
import { SnippetText, TemplateSelect, TextFilter } from '~/components/search-filters';
import { listTemplates } from '~/models/template.server';
import { formatUtc } from '~/lib/time';
import { CursorPager } from '~/components/pager';
import { SeverityBadge, StatusBadge } from '~/components/badges';
import { SeveritySelect } from '~/components/severity-select';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Documents · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = DocumentFilterSchema.safeParse(params);
  const filterError = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  const filter = parsed.success ? parsed.data : DocumentFilterSchema.parse({});
  const [page, templates] = await Promise.all([
    listDocuments(context.db, { actor, filter }),
    listTemplates(context.db, { latestOnly: true }),
  ]);
  return { ...page, filterError, canCreate: canEdit(actor), templates: templates.map((t) => ({ key: t.key, title: t.title })) };
}

/** The list's filters without its page position, for the digest of everything that matches. */
function digestQuery(params: URLSearchParams): string {
  const q = new URLSearchParams(params);
  q.delete('cursor');
  q.delete('limit');
  return q.toString();
}

export default function DocumentList() {
  const { items, nextCursor, filterError, canCreate, templates } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const filtered = [...params.keys()].some((k) => k !== 'cursor' && params.get(k));
  return (
    <>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>Documents</h1>
        {canCreate ? (
          <>
            <Link className="button secondary" to="/docs/import">
              Import Markdown
            </Link>
            <Link className="button" to="/docs/new">
              New document
            </Link>
          </>
        ) : null}
      </div>
      <Form method="get" className="filters" role="search" aria-label="Filter documents">
        <div style={{ flex: 2 }}>
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={params.get('q') ?? ''} placeholder="Words in titles and text" />
        </div>
        <div>
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">Any</option>
            {DOCUMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <SeveritySelect defaultValue={params.get('severity') ?? ''} emptyLabel="Any" />
        <TemplateSelect templates={templates} defaultValue={params.get('template') ?? ''} />
        <TextFilter name="service" label="Service" defaultValue={params.get('service') ?? ''} />
        <div style={{ flex: 0 }}>
          <button type="submit">Filter</button>
        </div>
        <div style={{ flex: 0 }}>
          <a
            className="button secondary"
            href={`/docs/digest.pdf?${digestQuery(params)}`}
            title="One PDF of every document matching these filters (up to 50)"
          >
            Digest PDF
          </a>
        </div>
      </Form>
      {/* Checkboxes in the table belong to this form (form="digest-selection"): a digest of a selection. */}
      <form method="get" action="/docs/digest.pdf" id="digest-selection" />
      {filterError ? (
        <p className="banner warn" role="alert">
          Some filters were ignored: {filterError}
        </p>
      ) : null}
      {items.length === 0 ? (
        <div className="empty">
          {filtered ? (
            <>
              No documents match these filters. <Link to="/docs">Clear the filters</Link>.
            </>
          ) : canCreate ? (
            <>
              No documents yet. <Link to="/docs/new">Write the first one</Link>.
            </>
          ) : (
            'Nothing has been published yet.'
          )}
        </div>
      ) : (
        <TableScroll label="Documents">
          <table className="data" aria-label="Documents">
            <thead>
              <tr>
                <th>
                  <span className="sr-only">Select for the digest</span>
                </th>
                <th>Title</th>
                <th>Status</th>
                <th>Severity</th>
                <th>Service</th>
                <th>Started (UTC)</th>
                <th>Updated (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <input
                      type="checkbox"
                      name="ids"
                      value={d.id}
                      form="digest-selection"
                      aria-label={`Select ${d.title} for the digest`}
                    />
                  </td>
                  <td>
                    <Link to={`/docs/${d.id}`}>{d.title}</Link>
                    {d.tags.length ? <div className="muted">{d.tags.map((t) => `#${t}`).join(' ')}</div> : null}
                    {params.get('q') && d.snippet ? (
                      <div className="muted snippet">
                        {d.snippetSection ? `${d.snippetSection}: ` : ''}
                        <SnippetText text={d.snippet} marks={d.snippetMarks} />
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <StatusBadge status={d.status} />
                  </td>
                  <td>
                    <SeverityBadge severity={d.severity} />
                  </td>
                  <td>{d.service ?? ''}</td>
                  <td>{d.startedAt ? formatUtc(d.startedAt) : ''}</td>
                  <td>{formatUtc(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {items.length ? (
        <p>
          <button type="submit" form="digest-selection" className="secondary">
            Digest PDF of the selected documents
          </button>
        </p>
      ) : null}
      <CursorPager nextCursor={nextCursor} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
