import type { MetaFunction } from '@remix-run/node';
import { TableScroll } from '~/components/table-scroll';
import { useLoaderData } from '@remix-run/react';
import { buildOpenApiDocument } from '~/lib/openapi/document.server';
import { referenceOf, type SchemaRow } from '~/lib/openapi/reference';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'API reference · Kaizen' }];

/** `GET /api`: the API reference, rendered on the server from the OpenAPI document (public, like the document itself). */
export function loader() {
  return referenceOf(buildOpenApiDocument() as never);
}

/** Text with `code` spans; React escapes every piece, so no stored or generated text is ever raw HTML. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(`[^`]+`)/)
        .map((part, i) =>
          part.startsWith('`') && part.endsWith('`') && part.length > 1 ? <code key={i}>{part.slice(1, -1)}</code> : part,
        )}
    </>
  );
}

function Rows({ rows, label }: { rows: SchemaRow[]; label: string }) {
  if (!rows.length) return null;
  return (
    <TableScroll label={label}>
      <table className="data" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">type</th>
            <th scope="col">notes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>
                <code>{r.name}</code>
                {r.required ? ' (required)' : ''}
              </td>
              <td>{r.ref ? <a href={`#schema-${r.ref}`}>{r.type}</a> : <code>{r.type}</code>}</td>
              <td>
                <Prose text={r.notes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export default function ApiReference() {
  const ref = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{ref.title}</h1>
      <p>
        <Prose text={ref.description} />
      </p>
      <p>
        Base URL <code>{ref.baseUrl}</code>. The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI{' '}
        {ref.openapi}).
      </p>
      <nav aria-label="Endpoints">
        <ul>
          {ref.operations.map((op) => (
            <li key={op.anchor}>
              <a href={`#${op.anchor}`}>
                <code>
                  {op.method} {op.path}
                </code>
              </a>{' '}
              — {op.summary}
            </li>
          ))}
        </ul>
      </nav>
      {ref.operations.map((op) => (
        <section className="card" key={op.anchor} id={op.anchor} aria-labelledby={`${op.anchor}-h`}>
          <h2 id={`${op.anchor}-h`}>
            <code>
              {op.method} {op.path}
            </code>
          </h2>
          <p>
            {op.summary}. <span className="muted">{op.access}</span>
          </p>
          {op.description ? (
            <p>
              <Prose text={op.description} />
            </p>
          ) : null}
          {op.parameters.length ? (
            <>
              <h3>Query parameters</h3>
              <Rows rows={op.parameters} label={`Query parameters of ${op.method} ${op.path}`} />
            </>
          ) : null}
          {op.body ? (
            <>
              <h3>Body (JSON)</h3>
              <Rows rows={op.body} label={`Body of ${op.method} ${op.path}`} />
            </>
          ) : null}
          {op.examples.map((ex) => (
            <details key={ex.name}>
              <summary>Example: {ex.summary}</summary>
              <pre>{ex.json}</pre>
            </details>
          ))}
          <h3>Answers</h3>
          <ul>
            {op.responses.map((r) => (
              <li key={r.status}>
                <code>{r.status}</code> <Prose text={r.description} />
                {r.schema ? <> — {r.schemaRef ? <a href={`#schema-${r.schemaRef}`}>{r.schema}</a> : <code>{r.schema}</code>}</> : null}
                <Rows rows={r.rows} label={`Answer ${r.status} of ${op.method} ${op.path}`} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>Objects</h2>
      {ref.schemas.map((s) => (
        <section className="card" key={s.name} id={`schema-${s.name}`}>
          <h3>{s.name}</h3>
          <Rows rows={s.rows} label={`Members of ${s.name}`} />
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
