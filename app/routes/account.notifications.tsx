import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { NOTIFICATION_KINDS } from '../../db/enums';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { getNotificationPreferences, saveNotificationPreferences } from '~/models/notification-preference.server';
import { CsrfInput } from '~/components/csrf';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Notifications · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'viewer');
  return {
    preferences: await getNotificationPreferences(context.db, { actor }),
    saved: new URL(request.url).searchParams.get('saved') === '1',
  };
}

/** One form: a box per kind and channel; a box left unticked is off (that is how an HTML form says "no"). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'viewer');
  const preferences = NOTIFICATION_KINDS.map((kind) => ({
    kind,
    inApp: form.get(`inApp.${kind}`) === 'on',
    email: form.get(`email.${kind}`) === 'on',
  }));
  await saveNotificationPreferences(context.db, { actor, input: { preferences } });
  return redirect('/account/notifications?saved=1');
}

export default function NotificationSettings() {
  const { preferences, saved } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== 'idle';
  return (
    <div className="card" style={{ maxWidth: 640 }}>
      <h1>Notifications</h1>
      <p className="muted">
        Choose how you hear about each kind of notice: in your inbox, by email, both or neither. Email is sent only when this server has an
        SMTP server configured. <a href="/account/password">Change password</a>
      </p>
      {saved ? (
        <p className="banner ok" role="status">
          Your notification settings are saved.
        </p>
      ) : null}
      <Form method="post" className="stack">
        <CsrfInput />
        <table>
          <caption className="sr-only">Notification settings by kind</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Inbox</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {preferences.map((p) => (
              <tr key={p.kind}>
                <th scope="row" id={`pref-${p.kind}`}>
                  {p.label}
                </th>
                <td>
                  <input type="checkbox" name={`inApp.${p.kind}`} defaultChecked={p.inApp} aria-label={`${p.label}: inbox`} />
                </td>
                <td>
                  <input type="checkbox" name={`email.${p.kind}`} defaultChecked={p.email} aria-label={`${p.label}: email`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save notification settings'}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
