import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { assertSameOrigin, clientIp, getSession, startSession } from '~/lib/auth.server';
import type { HttpError } from '~/lib/errors.server';
import { safeNext } from '~/lib/safe-next';
import { z } from 'zod';
import { parseIntent } from '~/lib/route.server';
import { signIn } from '~/models/sign-in.server';
import { adminExists } from '~/models/user.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Sign in · Kaizen' }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get('Retry-After');
  return retry ? { 'Retry-After': retry } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getSession(request, context)) throw redirect(safeNext(new URL(request.url).searchParams.get('next')));
  return { setup: !(await adminExists(context.db)) };
}

/** The one form of this page; a wrong email or password is the model's answer, not a malformed form. */
function signInIntents() {
  const text = z.string().default('');
  return z.discriminatedUnion('intent', [z.object({ intent: z.literal('sign-in'), email: text, password: text, next: text })]);
}

// Sign-in has no session yet, so no CSRF token: the Origin/Referer check plus throttling guard it
// (a forged sign-in could only sign the victim into an account the attacker knows the password of).
export async function action({ request, context }: ActionFunctionArgs) {
  try {
    assertSameOrigin(request);
  } catch (e) {
    return data({ error: (e as HttpError).message }, { status: 403 });
  }
  const form = await request.formData().catch(() => null);
  if (!form)
    return data(
      { error: 'The form could not be read: send it as a form (application/x-www-form-urlencoded or multipart/form-data).' },
      { status: 400 },
    );
  const { email, password, next } = parseIntent(form, signInIntents, 'sign-in');
  const result = await signIn(context.db, { email, password, ip: clientIp(request, context) });
  if (!result.ok)
    return data(
      { error: result.message, email },
      { status: result.status, headers: result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined },
    );
  const cookie = await startSession(request, context, result.userId);
  return redirect(safeNext(next), { headers: { 'Set-Cookie': cookie } });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const loaderData = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  return (
    <div className="card" style={{ maxWidth: 420, margin: '2rem auto' }}>
      <h1>Sign in to Kaizen</h1>
      {loaderData?.setup ? (
        <p className="banner warn">
          Kaizen has no admin yet. <Link to="/setup">Set up the first admin account</Link>.
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="banner error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="sign-in" />
        <input type="hidden" name="next" value={safeNext(params.get('next'))} />
        <div>
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={actionData && 'email' in actionData ? String(actionData.email) : ''}
          />
        </div>
        <div>
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
