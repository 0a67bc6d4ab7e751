import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { CsrfInput } from '~/components/csrf';
import { FormField } from '~/components/form-field';
import { SeverityBadge } from '~/components/badges';
import { TableScroll } from '~/components/table-scroll';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { formatUtc } from '~/lib/time';
import { formFailure, formValues, orThrowPage, parseIntent } from '~/lib/route.server';
import { addToReadingList, deleteReadingList, getReadingList, moveInReadingList, removeFromReadingList } from '~/models/reading.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: error ? errorTitle(error) : `${data?.title ?? 'Reading list'} · Reading lists · Kaizen` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const list = await orThrowPage(getReadingList(context.db, { actor, id: params.id ?? '' }));
  return { ...list, admin: actor.role === 'admin' };
}

function listIntents() {
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('add'), document: z.string() }),
    z.object({ intent: z.literal('remove'), document: z.string().min(1).max(200) }),
    z.object({ intent: z.literal('move'), document: z.string().min(1).max(200), direction: z.enum(['up', 'down']) }),
    z.object({ intent: z.literal('delete') }),
  ]);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const id = params.id ?? '';
  const input = parseIntent(form, listIntents);
  try {
    if (input.intent === 'add') await addToReadingList(context.db, { actor, id, input: { document: input.document } });
    else if (input.intent === 'remove') await removeFromReadingList(context.db, { actor, id, documentId: input.document });
    else if (input.intent === 'move')
      await moveInReadingList(context.db, { actor, id, input: { document: input.document, direction: input.direction } });
    else {
      await deleteReadingList(context.db, { actor, id });
      return redirect('/reading');
    }
    return redirect(`/reading/${id}`);
  } catch (e) {
    const values = formValues(form);
    delete values.csrf;
    return formFailure(e, { values });
  }
}

export default function ReadingList() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const values = (failed?.values ?? {}) as Record<string, string>;
  const read = d.items.filter((i) => i.readByMe).length;
  return (
    <>
      <p>
        <Link to="/reading">← Reading lists</Link>
      </p>
      <h1>{d.title}</h1>
      {d.description ? <p>{d.description}</p> : null}
      {d.items.length === 0 ? (
        <p className="empty card">
          No reviews on this list yet.{d.admin ? ' Add published reviews below by pasting a link to their page.' : ''}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {`You have read ${read} of ${d.items.length}.`}
          </p>
          <ol className="reading-list">
            {d.items.map((i, n) => (
              <li key={i.documentId} className="card">
                <Link to={`/docs/${i.documentId}`}>{i.title}</Link> <SeverityBadge severity={i.severity} />{' '}
                {i.service ? <span className="muted">{i.service}</span> : null}
                <p className="muted">
                  {`${i.readByMe ? `Read by you on ${formatUtc(i.readByMe)}` : 'Not read by you yet'} · read by ${i.readers} ${i.readers === 1 ? 'person' : 'people'}`}
                </p>
                {d.admin ? (
                  <div className="row">
                    {n > 0 ? (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="move" />
                        <input type="hidden" name="document" value={i.documentId} />
                        <input type="hidden" name="direction" value="up" />
                        <button type="submit" className="secondary" aria-label={`Move “${i.title}” up`}>
                          Move up
                        </button>
                      </Form>
                    ) : null}
                    {n < d.items.length - 1 ? (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="move" />
                        <input type="hidden" name="document" value={i.documentId} />
                        <input type="hidden" name="direction" value="down" />
                        <button type="submit" className="secondary" aria-label={`Move “${i.title}” down`}>
                          Move down
                        </button>
                      </Form>
                    ) : null}
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="document" value={i.documentId} />
                      <button type="submit" className="secondary" aria-label={`Remove “${i.title}” from the list`}>
                        Remove
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      )}
      {d.admin ? (
        <>
          <section className="card" aria-labelledby="add-review">
            <h2 id="add-review">Add a review</h2>
            {failed ? (
              <p className="banner error" role="alert">
                {failed.message}
              </p>
            ) : null}
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="add" />
              <FormField
                name="document"
                label="Link to a published review, or its id"
                type="text"
                required
                maxLength={2000}
                defaultValue={values.document ?? ''}
                error={failed?.errors.document}
              />
              <button type="submit">Add</button>
            </Form>
          </section>
          {d.people && d.items.length ? (
            <section className="card" aria-labelledby="who-read">
              <h2 id="who-read">Who has read what</h2>
              <TableScroll label="Reads per person">
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">Person</th>
                      <th scope="col">Read</th>
                      {d.items.map((i) => (
                        <th key={i.documentId} scope="col">
                          {i.title}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {d.people.map((p) => (
                      <tr key={p.id}>
                        <th scope="row">{p.label}</th>
                        <td>
                          {p.read.length} of {d.items.length}
                        </td>
                        {d.items.map((i) => (
                          <td key={i.documentId}>{p.read.includes(i.documentId) ? 'read' : '—'}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </section>
          ) : null}
          <section className="card reading-danger" aria-labelledby="delete-list">
            <h2 id="delete-list">Delete this list</h2>
            <p className="muted">The reviews stay; only the list goes.</p>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="danger">
                Delete “{d.title}”
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
