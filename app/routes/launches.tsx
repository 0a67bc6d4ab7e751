import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { and, asc, eq, sql } from 'drizzle-orm';
import { requireSession } from '~/lib/auth.server';
import { documents, signoffs } from '../../db/schema';
import { formatUtc } from '~/lib/time';
import { StatusBadge } from '~/components/badges';

export const meta: MetaFunction = () => [{ title: 'Launch reviews · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const rows = await context.db
    .select({
      id: documents.id,
      title: documents.title,
      status: documents.status,
      service: documents.service,
      launchAt: documents.launchAt,
      version: documents.version,
      go: sql<number>`count(${signoffs.id}) filter (where ${signoffs.decision} = 'go' and ${signoffs.documentVersion} = ${documents.version})::int`,
      noGo: sql<number>`count(${signoffs.id}) filter (where ${signoffs.decision} = 'no_go' and ${signoffs.documentVersion} = ${documents.version})::int`,
    })
    .from(documents)
    .leftJoin(signoffs, eq(signoffs.documentId, documents.id))
    .where(and(eq(documents.kind, 'checklist'), actor.role === 'viewer' ? eq(documents.status, 'published') : undefined))
    .groupBy(documents.id)
    .orderBy(sql`${documents.launchAt} desc nulls last`, asc(documents.title))
    .limit(200);
  return { launches: rows.map((r) => ({ ...r, launchAt: r.launchAt?.toISOString() ?? null })), canCreate: actor.role !== 'viewer' };
}

export default function Launches() {
  const { launches, canCreate } = useLoaderData<typeof loader>();
  const now = new Date().toISOString();
  return (
    <>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>Launch reviews</h1>
        {canCreate ? (
          <Link className="button" to="/docs/new">
            New launch review
          </Link>
        ) : null}
      </div>
      {launches.length === 0 ? (
        <div className="empty">No launch reviews yet.</div>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Launch</th>
              <th>When (UTC)</th>
              <th>Status</th>
              <th>Sign-offs on this version</th>
            </tr>
          </thead>
          <tbody>
            {launches.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link to={`/docs/${l.id}`}>{l.title}</Link>
                  {l.service ? <div className="muted">{l.service}</div> : null}
                </td>
                <td>
                  {l.launchAt ? formatUtc(l.launchAt) : '—'}
                  {l.launchAt && l.launchAt > now ? <div className="muted">upcoming</div> : null}
                </td>
                <td>
                  <StatusBadge status={l.status} />
                </td>
                <td>
                  {l.go} go · {l.noGo} no-go
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
