import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { HttpError } from '~/lib/errors.server';
import { z } from 'zod';
import { formFailure, orThrowPage, parseIntent } from '~/lib/route.server';
import { canEdit } from '~/models/access.server';
import { getDocument } from '~/models/document.server';
import { changeLabels, diffRevisions, listRevisions, restoreRevision, type RevisionDiff } from '~/models/revision.server';
import { formatUtc } from '~/lib/time';
import { CsrfInput } from '~/components/csrf';
import { StatusBadge } from '~/components/badges';
import { DiffLineView } from '~/components/diff-line';
import { NO_SUCH_DOCUMENT, RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: error ? errorTitle(error) : data ? `History: ${data.doc.title} · Kaizen` : 'History · Kaizen' },
];

const EVENT_LABELS: Record<string, string> = { create: 'Created', edit: 'Edited', transition: 'Status changed', restore: 'Restored' };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const doc = await orThrowPage(getDocument(context.db, { actor, id: params.id ?? '' }));
  const revisions = await listRevisions(context.db, { actor, documentId: doc.id });
  const q = new URL(request.url).searchParams;
  let diff: RevisionDiff | null = null;
  let diffError: string | null = null;
  if (q.get('from') && q.get('to')) {
    try {
      diff = await diffRevisions(context.db, { actor, documentId: doc.id, range: { from: q.get('from'), to: q.get('to') } });
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      diffError = e.message;
    }
  }
  const labels = changeLabels(doc.template);
  return {
    doc: { id: doc.id, title: doc.title, status: doc.status, version: doc.version },
    revisions: revisions.reverse(),
    labels,
    diff,
    diffError,
    canRestore: canEdit(actor),
  };
}

/** The one form of this page: restore a revision (its content becomes a new version). */
function historyIntents() {
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('restore'), revision: z.coerce.number().int().positive(), version: z.coerce.number().int().positive() }),
  ]);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'editor');
  const id = params.id ?? '';
  const input = parseIntent(form, historyIntents);
  try {
    const doc = await restoreRevision(context.db, { actor, documentId: id, input: { revision: input.revision, version: input.version } });
    return redirect(`/docs/${id}/history?restored=${input.revision}&as=${doc.version}`);
  } catch (e) {
    return formFailure(e);
  }
}

export default function DocumentHistory() {
  const { doc, revisions, labels, diff, diffError, canRestore } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const readOnly = doc.status === 'published' || doc.status === 'archived';
  const latest = revisions[0]?.version ?? doc.version;
  const from = Number(params.get('from')) || (revisions[1]?.version ?? latest);
  const to = Number(params.get('to')) || latest;
  return (
    <>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>History: {doc.title}</h1>
        <StatusBadge status={doc.status} />
        <Link className="button secondary" to={`/docs/${doc.id}`}>
          View
        </Link>
      </div>
      {params.get('restored') && !result ? (
        <p className="banner ok" role="status">
          Restored the content of version {params.get('restored')} as a new version {params.get('as')}. Nothing was overwritten: every
          earlier version is still listed below.
        </p>
      ) : null}
      {result && !result.ok ? (
        <p className={`banner ${result.code === 'conflict' ? 'warn' : 'error'}`} role="alert">
          {result.code === 'conflict'
            ? 'Not restored: the document changed since you opened this page. Check the newest version below and try again.'
            : 'Not restored.'}{' '}
          {result.message}
        </p>
      ) : null}
      {canRestore && readOnly ? (
        <p className="banner warn">
          This document is {doc.status} and read-only: reopen it as a draft on the <Link to={`/docs/${doc.id}`}>document page</Link> before
          restoring an older version.
        </p>
      ) : null}

      <Form method="get" className="filters" aria-label="Compare versions">
        <div>
          <label htmlFor="from">Compare version</label>
          <select id="from" name="from" defaultValue={String(from)}>
            {revisions.map((r) => (
              <option key={r.version} value={r.version}>
                {r.version}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="to">with version</label>
          <select id="to" name="to" defaultValue={String(to)}>
            {revisions.map((r) => (
              <option key={r.version} value={r.version}>
                {r.version}
              </option>
            ))}
          </select>
        </div>
        <div style={{ flex: 0 }}>
          <button type="submit">Compare</button>
        </div>
      </Form>

      {diffError ? (
        <p className="banner error" role="alert">
          {diffError}
        </p>
      ) : null}
      {diff ? <DiffView diff={diff} /> : null}

      <TableScroll label="Revisions">
        <table className="data" aria-label="Revisions">
          <thead>
            <tr>
              <th>Version</th>
              <th>When (UTC)</th>
              <th>Who</th>
              <th>What</th>
              <th>Changed</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r, i) => (
              <tr key={r.version} data-version={r.version}>
                <td>{r.version}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={r.at}>{formatUtc(r.at)}</time>
                </td>
                <td>{r.by ?? <span className="muted">unknown</span>}</td>
                <td>
                  {EVENT_LABELS[r.event] ?? r.event}
                  {r.note ? <div className="muted">{r.note}</div> : null}
                </td>
                <td>{r.changed.length ? r.changed.map((c) => labels[c] ?? c).join(', ') : <span className="muted">—</span>}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  {revisions[i + 1] ? (
                    <Link to={`?from=${revisions[i + 1].version}&to=${r.version}`} aria-label={`Changes in version ${r.version}`}>
                      Changes
                    </Link>
                  ) : null}
                  {r.version !== latest ? (
                    <>
                      {' · '}
                      <Link to={`?from=${r.version}&to=${latest}`} aria-label={`Compare with current: version ${r.version}`}>
                        Compare with current
                      </Link>
                    </>
                  ) : null}
                  {canRestore && !readOnly && r.version !== latest ? (
                    <Form method="post" style={{ display: 'inline' }}>
                      <CsrfInput />
                      <input type="hidden" name="intent" value="restore" />
                      <input type="hidden" name="revision" value={r.version} />
                      <input type="hidden" name="version" value={doc.version} />
                      {' · '}
                      <button type="submit" className="link-button" aria-label={`Restore version ${r.version}`}>
                        Restore
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

function DiffView({ diff }: { diff: RevisionDiff }) {
  return (
    <section className="card" aria-label={`Changes from version ${diff.from} to version ${diff.to}`}>
      <h2>
        Changes from version {diff.from} to version {diff.to}
      </h2>
      {diff.fields.length === 0 ? <p className="muted">No differences.</p> : null}
      {diff.fields.map((f) => (
        <div key={f.key} className="diff-field" data-field={f.key}>
          <h3>{f.label}</h3>
          <pre className="diff">
            {f.lines.map((l, i) => (
              <DiffLineView key={i} line={l} />
            ))}
          </pre>
        </div>
      ))}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary notFound={NO_SUCH_DOCUMENT} />;
}
