import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { formFailure, parseIntent } from '~/lib/route.server';
import { createFactorCategory, listFactorCategories, updateFactorCategory } from '~/models/factor-category.server';
import { CsrfInput } from '~/components/csrf';
import { FormField } from '~/components/form-field';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Factor categories · Admin · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'admin');
  return { items: await listFactorCategories(context.db, { uses: true }) };
}

/** The forms of this page: add a category, describe one, retire or bring one back. */
function categoryIntents() {
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('create'), name: z.string().default(''), description: z.string().default('') }),
    z.object({ intent: z.literal('describe'), name: z.string().min(1), description: z.string().default('') }),
    z.object({ intent: z.literal('retire'), name: z.string().min(1) }),
    z.object({ intent: z.literal('restore'), name: z.string().min(1) }),
  ]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const input = parseIntent(form, categoryIntents);
  const { intent } = input;
  try {
    if (input.intent === 'create') {
      const c = await createFactorCategory(context.db, { actor, input: { name: input.name, description: input.description } });
      return { ok: true as const, intent, message: `Added "${c.name}": editors can pick it for contributing factors now.` };
    }
    if (input.intent === 'describe') {
      await updateFactorCategory(context.db, { actor, name: input.name, input: { description: input.description } });
      return { ok: true as const, intent, message: `Saved the description of "${input.name}".` };
    }
    const retired = input.intent === 'retire';
    await updateFactorCategory(context.db, { actor, name: input.name, input: { retired } });
    return {
      ok: true as const,
      intent,
      message: retired
        ? `Retired "${input.name}": it is no longer offered; reviews that name it keep it.`
        : `"${input.name}" is offered again.`,
    };
  } catch (e) {
    return formFailure(e, {
      intent,
      values: 'name' in input ? { name: input.name, description: 'description' in input ? input.description : '' } : {},
    });
  }
}

export default function AdminFactors() {
  const { items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const failed = result && !result.ok ? result : undefined;
  const errors = failed && failed.intent === 'create' ? failed.errors : {};
  const values = (failed as { values?: Record<string, string> } | undefined)?.values ?? {};
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Contributing-factor categories</h1>
      <p className="muted">
        The shared vocabulary every review's contributing factors are sorted by: the library filters on it and Insights counts it. A name is
        what reviews store, so it is never renamed: retire a category and add another instead.
      </p>
      {result?.ok ? (
        <p className="banner ok" role="status">
          {result.message}
        </p>
      ) : failed ? (
        <p className="banner error" role="alert">
          {failed.message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">No categories yet. Add the first below; editors pick from this list when they write factors.</p>
      ) : (
        <TableScroll label="Factor categories">
          <table className="data" aria-label="Factor categories">
            <thead>
              <tr>
                <th>Category</th>
                <th>Description</th>
                <th>Reviews</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.name}>
                  <td>
                    <strong>{c.name}</strong>
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="describe" />
                      <input type="hidden" name="name" value={c.name} />
                      <input name="description" defaultValue={c.description} maxLength={300} aria-label={`Description of ${c.name}`} />
                      <button type="submit" className="link-button" disabled={busy}>
                        Save
                      </button>
                    </Form>
                  </td>
                  <td>
                    {c.uses ? <Link to={`/library?factor=${encodeURIComponent(c.name)}`}>{c.uses}</Link> : <span className="muted">0</span>}
                  </td>
                  <td>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value={c.retired ? 'restore' : 'retire'} />
                      <input type="hidden" name="name" value={c.name} />
                      {c.retired ? 'retired ' : 'in use '}
                      <button type="submit" className="link-button" disabled={busy}>
                        {c.retired ? 'Bring back' : 'Retire'}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section className="card">
        <h2>Add a category</h2>
        <Form method="post" className="stack" key={result?.ok ? result.message : 'create'}>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <FormField
            name="name"
            label="Name"
            help="Lower case, as reviews will show it, e.g. “third-party api”."
            defaultValue={values.name}
            maxLength={40}
            required
            error={errors.name}
          />
          <FormField
            name="description"
            label="Description"
            help="When to pick it: shown beside the box in the edit form."
            defaultValue={values.description}
            maxLength={300}
            error={errors.description}
          />
          <button type="submit" disabled={busy}>
            Add category
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
