import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { z } from 'zod';
import { formFailure, parseIntent } from '~/lib/route.server';
import { canEdit } from '~/models/access.server';
import { ACTION_KINDS, ACTION_STATUSES, ActionItemFilterSchema, countActionItems, listActionItems } from '~/models/action-item.server';
import { updateActionItem } from '~/models/action-item-change.server';
import { ActionStatusForm } from '~/components/action-status-form';
import { ACTION_STATUS_LABELS as STATUS_LABELS } from '~/lib/labels';
import { CursorPager } from '~/components/pager';
import { isSafeLinkHref } from '~/lib/richtext/text';
import { formatCount } from '~/lib/count';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';
import { OwnerText } from '~/components/owner-text';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Action items · Kaizen' }];

const today = () => new Date().toISOString().slice(0, 10);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  // Empty values come from the filter form's "Any" choices: treat them as absent.
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ''));
  const parsed = ActionItemFilterSchema.safeParse(params);
  const filterError = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  const filter = parsed.success ? parsed.data : ActionItemFilterSchema.parse({});
  const [page, counts] = await Promise.all([
    listActionItems(context.db, { actor, filter, today: today() }),
    countActionItems(context.db, { actor, today: today() }),
  ]);
  // The enum lists travel as data: importing db/schema into the component would ship drizzle to the browser.
  return { ...page, counts, filterError, canEdit: canEdit(actor), statuses: ACTION_STATUSES, kinds: ACTION_KINDS };
}

/** The one form of this page: a row's status. */
function actionIntents() {
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('status'), id: z.string().min(1), version: z.coerce.number().int().nonnegative(), status: z.string() }),
  ]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'editor');
  const input = parseIntent(form, actionIntents);
  try {
    const item = await updateActionItem(context.db, { actor, id: input.id, input: { version: input.version, status: input.status } });
    return { ok: true as const, id: input.id, message: `“${item.title}” is now ${STATUS_LABELS[item.status].toLowerCase()}.` };
  } catch (e) {
    return formFailure(e, { id: input.id });
  }
}

export default function ActionItems() {
  const { items, nextCursor, counts, filterError, canEdit, statuses, kinds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const filtered = [...params.entries()].some(([k, v]) => k !== 'cursor' && v);
  const link = (extra: Record<string, string>) => `?${new URLSearchParams(extra).toString()}`;
  return (
    <>
      <h1>Action items</h1>
      <ul className="counts" aria-label="Counts">
        <li>
          <Link to={link({ status: 'open' })}>
            <strong>{formatCount(counts.open, counts.cap)}</strong> open
          </Link>
        </li>
        <li>
          <Link to={link({ status: 'in_progress' })}>
            <strong>{formatCount(counts.inProgress, counts.cap)}</strong> in progress
          </Link>
        </li>
        <li className={counts.overdue ? 'overdue' : undefined}>
          <Link to={link({ overdue: 'true' })}>
            <strong>{formatCount(counts.overdue, counts.cap)}</strong> overdue
          </Link>
        </li>
        <li>
          <Link to={link({ status: 'done' })}>
            <strong>{formatCount(counts.done, counts.cap)}</strong> done
          </Link>
        </li>
      </ul>
      <Form method="get" className="filters" role="search" aria-label="Filter action items">
        <div>
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="owner">Owner</label>
          <input id="owner" name="owner" defaultValue={params.get('owner') ?? ''} />
        </div>
        <div>
          <label htmlFor="kind">Kind</label>
          <select id="kind" name="kind" defaultValue={params.get('kind') ?? ''}>
            <option value="">Any</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div style={{ minWidth: 'auto' }}>
          <label>
            <input type="checkbox" name="overdue" value="true" defaultChecked={params.get('overdue') === 'true'} /> Overdue only
          </label>
          <label>
            <input type="checkbox" name="assignee" value="me" defaultChecked={params.get('assignee') === 'me'} /> Mine only
          </label>
        </div>
        <div style={{ flex: 0 }}>
          <button type="submit">Filter</button>
        </div>
      </Form>
      {filterError ? (
        <p className="banner warn" role="alert">
          Some filters were ignored: {filterError}
        </p>
      ) : null}
      {result && !result.ok && !items.some((i) => i.id === result.id) ? (
        <p className="banner error" role="alert">
          {result.message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <div className="empty">
          {filtered ? (
            <>
              No action items match these filters. <Link to="/actions">Clear the filters</Link>.
            </>
          ) : (
            <>No action items yet. They come from the next steps of RCAs and the launch blockers of reviews.</>
          )}
        </div>
      ) : (
        <TableScroll label="Action items">
          <table className="data" aria-label="Action items">
            <thead>
              <tr>
                <th>Action</th>
                <th>Kind</th>
                <th>Owner</th>
                <th>Due</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => {
                const mine = result && result.id === a.id ? result : null;
                const busy = nav.state === 'submitting' && nav.formData?.get('id') === a.id;
                return (
                  <tr key={a.id} data-item={a.id} className={a.overdue ? 'overdue' : undefined}>
                    <td>
                      {a.title}
                      <div className="muted">
                        <Link to={`/docs/${a.documentId}`}>{a.documentTitle}</Link>
                        {a.url && isSafeLinkHref(a.url) ? (
                          <>
                            {' · '}
                            <a href={a.url} rel="noopener noreferrer nofollow">
                              tracker
                            </a>
                          </>
                        ) : null}
                      </div>
                    </td>
                    <td>{a.kind}</td>
                    <td>
                      <OwnerText owner={a.owner} ownerUserId={a.ownerUserId} />
                    </td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      {a.dueDate ?? <span className="muted">—</span>}
                      {a.overdue ? <div className="overdue-label">Overdue</div> : null}
                    </td>
                    <td>
                      {canEdit ? <ActionStatusForm item={a} statuses={statuses} intent="status" busy={busy} /> : STATUS_LABELS[a.status]}
                      {mine ? (
                        <p className={mine.ok ? 'field-ok' : 'field-error'} role={mine.ok ? 'status' : 'alert'}>
                          {mine.ok
                            ? mine.message
                            : mine.code === 'conflict'
                              ? `Not changed: someone else changed this item since you loaded the page. It is shown as it is now; choose again if you still want to change it.`
                              : mine.message}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <CursorPager nextCursor={nextCursor} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
