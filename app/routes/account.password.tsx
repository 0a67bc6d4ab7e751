import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { clientIp, requireFormSession, requireSession, startSession } from '~/lib/auth.server';
import { z } from 'zod';
import { formFailure, parseIntent } from '~/lib/route.server';
import { changePassword } from '~/models/user.server';
import { CsrfInput } from '~/components/csrf';
import { FormField } from '~/components/form-field';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Change password · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'viewer');
  return { email: actor.email, changed: new URL(request.url).searchParams.get('changed') === '1' };
}

/** The one form of this page; the passwords themselves are checked by changePassword. */
function passwordIntents() {
  const text = z.string().default('');
  return z.discriminatedUnion('intent', [z.object({ intent: z.literal('change'), current: text, next: text, confirm: text })]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'viewer');
  const { current, next, confirm } = parseIntent(form, passwordIntents, 'change');
  try {
    await changePassword(context.db, { actor, ip: clientIp(request, context), input: { current, next, confirm } });
  } catch (e) {
    return formFailure(e);
  }
  // Every session of this user was revoked (other browsers are signed out); this one gets a new id.
  // A redirect, so the page's loader runs with the new cookie rather than the revoked one.
  const cookie = await startSession(request, context, actor.id);
  return redirect('/account/password?changed=1', { headers: { 'Set-Cookie': cookie } });
}

export default function ChangePassword() {
  const { changed } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const result =
    failure ??
    (changed
      ? { ok: true, message: 'Password changed. Your other sessions were signed out.', errors: {} as Record<string, string> }
      : undefined);
  const errors = result?.errors ?? {};
  const busy = useNavigation().state !== 'idle';
  return (
    <div className="card" style={{ maxWidth: 480 }}>
      <h1>Change password</h1>
      {result?.message ? (
        <p className={`banner ${result.ok ? 'ok' : 'error'}`} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="stack" key={result?.ok ? 'done' : 'form'}>
        <CsrfInput />
        <input type="hidden" name="intent" value="change" />
        <FormField
          name="current"
          label="Current password"
          type="password"
          required
          autoComplete="current-password"
          error={errors.current}
        />
        <FormField
          name="next"
          label="New password (at least 10 characters)"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          error={errors.next}
        />
        <FormField name="confirm" label="New password again" type="password" required autoComplete="new-password" error={errors.confirm} />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Change password'}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
