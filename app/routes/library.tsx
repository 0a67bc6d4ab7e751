import { listFactorCategories } from '~/models/factor-category.server';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireSession } from '~/lib/auth.server';
import { DocumentFilterSchema, listDocuments } from '~/models/document-list.server';
import { listTemplates } from '~/models/template.server';
import { formatUtc } from '~/lib/time';
import { SnippetText, TemplateSelect, TextFilter } from '~/components/search-filters';
import { CursorPager } from '~/components/pager';
import { SeverityBadge } from '~/components/badges';
import { SeveritySelect } from '~/components/severity-select';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Learning library · Kaizen' }];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The page's own parameters: dates are whole days in UTC (`from` from its start, `to` to its end). */
function filterInput(params: URLSearchParams) {
  const raw = Object.fromEntries(params);
  const input: Record<string, string> = { ...raw, status: 'published' };
  if (raw.from && DATE.test(raw.from)) input.from = `${raw.from}T00:00:00Z`;
  if (raw.to && DATE.test(raw.to)) input.to = `${raw.to}T23:59:59.999Z`;
  if (!raw.sort && !raw.q?.trim()) input.sort = 'newest';
  return input;
}

/** Published reviews only, for everyone who can sign in: search, filter, read, download. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const params = new URL(request.url).searchParams;
  const input = filterInput(params);
  const parsed = DocumentFilterSchema.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
  // A wrong filter is dropped (and named above the results); the others still apply.
  const bad = new Set(problems.map((p) => p.field));
  const filter = parsed.success
    ? parsed.data
    : DocumentFilterSchema.parse(Object.fromEntries(Object.entries(input).filter(([k]) => !bad.has(k))));
  const [page, templates, categories] = await Promise.all([
    listDocuments(context.db, { actor, filter }),
    listTemplates(context.db, { latestOnly: true }),
    listFactorCategories(context.db),
  ]);
  return {
    ...page,
    problems,
    templates: templates.map((t) => ({ key: t.key, title: t.title })),
    categories: categories.map((c) => c.name),
    filtered: ['kind', 'template', 'severity', 'service', 'tag', 'factor', 'from', 'to'].some((k) => params.get(k)),
  };
}

const SORT_LABELS = {
  relevance: 'Best match',
  newest: 'Newest incident or launch',
  impact: 'Longest impact',
  updated: 'Last updated',
} as const;

export default function Library() {
  const { items, nextCursor, problems, terms, sort, templates, categories, filtered } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const factor = (params.get('factor') ?? '').trim().toLowerCase();
  const q = params.get('q') ?? '';
  const best = items.reduce((m, d) => Math.max(m, d.matched ?? 0), 0);
  const partial = terms.length > 1 && items.length > 0 && best < terms.length && !params.get('cursor');
  return (
    <>
      <h1>Learning library</h1>
      <p className="muted">Every published review: what happened, why, and what we changed.</p>
      <Form method="get" className="filters" role="search" aria-label="Search the library">
        <div style={{ flex: 3 }}>
          <label htmlFor="q">Search</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={q}
            placeholder='e.g. certificate expiry, "connection pool" -staging'
            aria-describedby="q-help"
          />
          <small id="q-help" className="muted">
            Documents with more of the words come first. Quotes keep a phrase; -word leaves it out.
          </small>
        </div>
        <div>
          <label htmlFor="kind">Kind</label>
          <select id="kind" name="kind" defaultValue={params.get('kind') ?? ''}>
            <option value="">Any</option>
            <option value="rca">Incident reviews</option>
            <option value="checklist">Launch reviews</option>
          </select>
        </div>
        <TemplateSelect templates={templates} defaultValue={params.get('template') ?? ''} />
        <SeveritySelect defaultValue={params.get('severity') ?? ''} emptyLabel="Any" />
        <TextFilter name="service" label="Service" defaultValue={params.get('service') ?? ''} />
        <TextFilter name="tag" label="Tag" defaultValue={params.get('tag') ?? ''} />
        <div>
          <label htmlFor="factor">Contributing factor</label>
          <select id="factor" name="factor" defaultValue={factor}>
            <option value="">Any</option>
            {(categories.includes(factor) || !factor ? categories : [...categories, factor]).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from">From (UTC)</label>
          <input id="from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
        </div>
        <div>
          <label htmlFor="to">To (UTC)</label>
          <input id="to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
        </div>
        <div>
          <label htmlFor="sort">Sort</label>
          <select id="sort" name="sort" defaultValue={params.get('sort') ?? ''}>
            <option value="">{q.trim() ? 'Best match' : 'Newest incident or launch'}</option>
            {(['relevance', 'newest', 'impact', 'updated'] as const).map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div style={{ flex: 0 }}>
          <button type="submit">Search</button>
        </div>
      </Form>
      {problems.length ? (
        <div className="banner warn" role="alert">
          <p>These filters were left out:</p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.field}:${p.message}`}>{`${p.field}: ${p.message}`}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {partial ? (
        <p className="banner" role="status">
          {`No document has all ${terms.length} of ${terms.map((t) => (t.startsWith('"') ? t : `“${t}”`)).join(', ')} — showing those with ${best}.`}
        </p>
      ) : null}
      {items.length === 0 ? (
        <div className="empty card">
          {q.trim() || filtered ? (
            <>
              <p>Nothing published matches{q.trim() ? ` “${q.trim()}”` : ''}.</p>
              <ul>
                {filtered ? <li>Remove a filter: each one narrows the results.</li> : null}
                {q.trim() ? <li>Try other words for the same thing (“outage” for “downtime”), or fewer of them.</li> : null}
                {q.includes('-') ? <li>Words after a minus sign are left out: check you meant to exclude them.</li> : null}
              </ul>
              <p>
                <Link to="/library">Clear the search</Link>
              </p>
            </>
          ) : (
            'Nothing has been published yet. Reviews appear here once a reviewer publishes them.'
          )}
        </div>
      ) : (
        <>
          <p className="muted" role="status">
            {q.trim() ? `Sorted by ${SORT_LABELS[sort].toLowerCase()}.` : `${SORT_LABELS[sort]} first.`}
          </p>
          <ul className="plain library-results">
            {items.map((d) => (
              <li key={d.id} className="card">
                <h2 style={{ margin: 0 }}>
                  <Link to={`/docs/${d.id}`}>{d.title}</Link> <SeverityBadge severity={d.severity} />
                </h2>
                <div className="muted">
                  {[
                    d.kind === 'checklist' ? 'Launch review' : 'Incident review',
                    d.service,
                    d.startedAt ? `started ${formatUtc(d.startedAt)}` : `updated ${formatUtc(d.updatedAt)}`,
                    d.tags.length ? d.tags.map((t) => `#${t}`).join(' ') : null,
                    terms.length > 1 && d.matched !== null ? `matches ${d.matched} of ${terms.length}` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
                {d.snippet ? (
                  <p className="snippet">
                    {d.snippetSection ? <strong>{`${d.snippetSection}: `}</strong> : null}
                    <SnippetText text={d.snippet} marks={d.snippetMarks} />
                  </p>
                ) : null}
                <a href={`/docs/${d.id}.pdf`}>PDF</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <CursorPager nextCursor={nextCursor} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
