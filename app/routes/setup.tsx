import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { assertSameOrigin, clientIp, startSession } from '~/lib/auth.server';
import { HttpError, issuesByPath } from '~/lib/errors.server';
import { adminExists, createFirstAdmin } from '~/models/user.server';
import { z } from 'zod';
import { parseIntent } from '~/lib/route.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Set up Kaizen' }];

// Offered only while no active admin exists. "No user exists" would never hold on the embedded
// default, which seeds a demo editor, so the condition is "no admin".
export async function loader({ context }: LoaderFunctionArgs) {
  if (await adminExists(context.db)) throw data('Kaizen is already set up. Sign in instead.', { status: 404 });
  return null;
}

/** The one form of this page; the values are checked by createFirstAdmin (the passwords' match here). */
function setupIntents() {
  const text = z.string().default('');
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('create-admin'), email: text, name: text, password: text, confirm: text }),
  ]);
}

// No session exists yet, so no CSRF token: the Origin/Referer check guards the form, and the
// model refuses once an admin exists (checked again inside the creating transaction).
export async function action({ request, context }: ActionFunctionArgs) {
  if (await adminExists(context.db)) throw data('Kaizen is already set up. Sign in instead.', { status: 404 });
  try {
    assertSameOrigin(request);
  } catch (e) {
    return data(
      { message: (e as HttpError).message, errors: {} as Record<string, string>, values: {} as Record<string, string> },
      { status: 403 },
    );
  }
  const form = await request.formData().catch(() => null);
  if (!form)
    return data(
      {
        message: 'The form could not be read: send it as a form (application/x-www-form-urlencoded or multipart/form-data).',
        errors: {} as Record<string, string>,
        values: {} as Record<string, string>,
      },
      { status: 400 },
    );
  const { email, name, password, confirm } = parseIntent(form, setupIntents, 'create-admin');
  const values = { email, name };
  if (password !== confirm)
    return data(
      { message: 'Check the highlighted fields.', errors: { confirm: 'the two passwords differ' } as Record<string, string>, values },
      { status: 400 },
    );
  try {
    const user = await createFirstAdmin(context.db, { ...values, password }, { ip: clientIp(request, context) });
    return redirect('/admin', { headers: { 'Set-Cookie': await startSession(request, context, user.id) } });
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    if (e.code === 'setup_done') throw data(e.message, { status: 404 });
    return data({ message: e.message, errors: issuesByPath(e.issues), values }, { status: e.status });
  }
}

export default function Setup() {
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const busy = useNavigation().state !== 'idle';
  const field = (name: string, label: string, type: string, extra: Record<string, unknown> = {}) => (
    <div>
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={type === 'password' ? undefined : values[name as keyof typeof values]}
        aria-invalid={!!errors[name]}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
        {...extra}
      />
      {errors[name] ? (
        <p className="field-error" id={`${name}-error`}>
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <div className="card" style={{ maxWidth: 480, margin: '2rem auto' }}>
      <h1>Set up Kaizen</h1>
      <p>Create the first admin account. This page disappears once an admin exists; admins add everyone else.</p>
      {result?.message ? (
        <p className="banner error" role="alert">
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="create-admin" />
        {field('email', 'Email', 'email', { required: true, autoComplete: 'username' })}
        {field('name', 'Name', 'text', { autoComplete: 'name' })}
        {field('password', 'Password (at least 10 characters)', 'password', {
          required: true,
          minLength: 10,
          autoComplete: 'new-password',
        })}
        {field('confirm', 'Password again', 'password', { required: true, autoComplete: 'new-password' })}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create the admin account'}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
