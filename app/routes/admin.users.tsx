import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { clientIp, requireFormSession, requireSession } from '~/lib/auth.server';
import { z } from 'zod';
import { formFailure, pageParam, parseIntent } from '~/lib/route.server';
import { changeUserRole, createUser, listUsers, setUserDisabled } from '~/models/user.server';
import { ROLES } from '../../db/enums';
import { CsrfInput } from '~/components/csrf';
import { FormField } from '~/components/form-field';
import { formatUtc } from '~/lib/time';
import { NumberedPager } from '~/components/pager';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Users · Admin · Kaizen' }];

const PAGE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'admin');
  const page = pageParam(request);
  const { items, total } = await listUsers(context.db, { limit: PAGE, offset: (page - 1) * PAGE });
  return { items, total, page, pages: Math.max(1, Math.ceil(total / PAGE)), me: actor.id };
}

/** The forms of this page: add a user, and per row change the role or disable/enable. */
function userIntents() {
  const row = { id: z.string().min(1) };
  return z.discriminatedUnion('intent', [
    z.object({
      intent: z.literal('add'),
      email: z.string().default(''),
      name: z.string().default(''),
      role: z.string().default(''),
      password: z.string().default(''),
    }),
    z.object({ intent: z.literal('role'), ...row, role: z.string() }),
    z.object({ intent: z.literal('disable'), ...row }),
    z.object({ intent: z.literal('enable'), ...row }),
  ]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const ip = clientIp(request, context);
  const input = parseIntent(form, userIntents);
  const { intent } = input;
  if (input.intent === 'add') {
    const values = { email: input.email, name: input.name, role: input.role };
    try {
      const user = await createUser(
        context.db,
        { ...values, role: values.role as never, password: input.password || undefined },
        { actor, ip },
      );
      return {
        ok: true as const,
        intent,
        message: `Added ${user.email} as ${user.role}.${input.password ? '' : ' They have no password, so they can use API tokens but cannot sign in.'}`,
      };
    } catch (e) {
      return formFailure(e, { intent, values });
    }
  }
  try {
    if (input.intent === 'role') {
      const user = await changeUserRole(context.db, { actor, id: input.id, role: input.role, ip });
      return { ok: true as const, intent, message: `${user.email} is now ${user.role}.` };
    }
    const user = await setUserDisabled(context.db, { actor, id: input.id, disabled: input.intent === 'disable', ip });
    return { ok: true as const, intent, message: `${user.email} is ${input.intent}d.` };
  } catch (e) {
    return formFailure(e, { intent, id: input.id });
  }
}

export default function AdminUsers() {
  const { items, total, page, pages, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const addErrors = result && !result.ok && result.intent === 'add' ? result.errors : {};
  const addValues =
    (result && !result.ok && result.intent === 'add' ? (result as { values?: Record<string, string> }).values : undefined) ?? {};
  const rowError = result && !result.ok && result.intent !== 'add' ? { id: (result as { id?: string }).id, message: result.message } : null;
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Users</h1>
      {result?.ok ? (
        <p className="banner ok" role="status">
          {result.message}
        </p>
      ) : result && result.intent === 'add' ? (
        <p className="banner error" role="alert">
          {result.message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">No users on this page. {page > 1 ? <Link to="?page=1">Back to the first page</Link> : null}</p>
      ) : (
        <TableScroll label="Users">
          <table className="data" aria-label="Users">
            <thead>
              <tr>
                <th>Email</th>
                <th>Name</th>
                <th>Role</th>
                <th>Status</th>
                <th>Created (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>{u.name}</td>
                  <td>
                    <Form method="post" className="row">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="id" value={u.id} />
                      <select name="role" defaultValue={u.role} aria-label={`Role of ${u.email}`}>
                        {ROLES.map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                      <button type="submit" className="secondary" disabled={busy}>
                        Change
                      </button>
                    </Form>
                    {rowError && rowError.id === u.id ? (
                      <p className="field-error" role="alert">
                        {rowError.message}
                      </p>
                    ) : null}
                  </td>
                  <td>
                    {u.disabledAt ? `disabled ${formatUtc(u.disabledAt)}` : 'active'}
                    {u.id === me ? ' (you)' : null}
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value={u.disabledAt ? 'enable' : 'disable'} />
                      <input type="hidden" name="id" value={u.id} />
                      <button type="submit" className="link-button" disabled={busy}>
                        {u.disabledAt ? 'Enable' : 'Disable'}
                      </button>
                    </Form>
                  </td>
                  <td>{formatUtc(u.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <NumberedPager page={page} pages={pages} total={total} noun="users" />
      <section className="card">
        <h2>Add a user</h2>
        <Form method="post" className="stack" key={result?.ok && result.intent === 'add' ? result.message : 'add'}>
          <CsrfInput />
          <input type="hidden" name="intent" value="add" />
          <FormField name="email" label="Email" type="email" required defaultValue={addValues.email} error={addErrors.email} />
          <FormField name="name" label="Name" defaultValue={addValues.name} error={addErrors.name} />
          <FormField name="role" label="Role" error={addErrors.role}>
            <select id="role" name="role" defaultValue={addValues.role ?? 'viewer'} aria-invalid={!!addErrors.role}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </FormField>
          <FormField
            name="password"
            label="Password (optional, at least 10 characters)"
            type="password"
            autoComplete="new-password"
            error={addErrors.password}
          />
          <button type="submit" disabled={busy}>
            Add user
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
