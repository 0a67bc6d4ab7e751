import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { CsrfInput } from '~/components/csrf';
import { FormField } from '~/components/form-field';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { formFailure, formValues, parseIntent } from '~/lib/route.server';
import { createReadingList, listReadingLists } from '~/models/reading.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Reading lists · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  return { lists: await listReadingLists(context.db, actor), admin: actor.role === 'admin' };
}

function createForm() {
  return z.object({ intent: z.literal('create'), title: z.string(), description: z.string().default('') });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const input = parseIntent(form, createForm, 'create');
  try {
    const { id } = await createReadingList(context.db, { actor, input: { title: input.title, description: input.description } });
    return redirect(`/reading/${id}`);
  } catch (e) {
    const values = formValues(form);
    delete values.csrf;
    return formFailure(e, { values });
  }
}

export default function ReadingLists() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const values = (failed?.values ?? {}) as Record<string, string>;
  return (
    <>
      <h1>Reading lists</h1>
      <p className="muted">
        Reviews worth reading before you need them, chosen by admins. Your progress counts a review as read once you have opened it.
      </p>
      {d.lists.length === 0 ? (
        <p className="empty card">
          No reading lists yet. {d.admin ? 'Start one below, for example "Read before your first on-call".' : 'An admin can start one.'}{' '}
          Meanwhile, the <Link to="/library">library</Link> has every published review.
        </p>
      ) : (
        <ul className="plain">
          {d.lists.map((l) => (
            <li key={l.id} className="card">
              <h2>
                <Link to={`/reading/${l.id}`}>{l.title}</Link>
              </h2>
              {l.description ? <p>{l.description}</p> : null}
              <p className="muted">
                {l.items === 0
                  ? 'No reviews on this list yet.'
                  : `You have read ${l.readByMe} of ${l.items} review${l.items === 1 ? '' : 's'}.`}
              </p>
            </li>
          ))}
        </ul>
      )}
      {d.admin ? (
        <section className="card" aria-labelledby="new-list">
          <h2 id="new-list">New reading list</h2>
          {failed ? (
            <p className="banner error" role="alert">
              {failed.message}
            </p>
          ) : null}
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="create" />
            <FormField
              name="title"
              label="Title"
              type="text"
              required
              maxLength={200}
              defaultValue={values.title ?? ''}
              error={failed?.errors.title}
            />
            <div>
              <label htmlFor="description">Description</label>
              <textarea id="description" name="description" maxLength={2000} defaultValue={values.description ?? ''} rows={3} />
            </div>
            <button type="submit">Create list</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
