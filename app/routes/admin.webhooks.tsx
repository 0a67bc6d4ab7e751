import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { TableScroll } from '~/components/table-scroll';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { clientIp, requireFormSession, requireSession } from '~/lib/auth.server';
import { badRequest } from '~/lib/errors.server';
import { formFailure } from '~/lib/route.server';
import { formatUtc } from '~/lib/time';
import { WEBHOOK_EVENT_TYPES, createWebhook, listDeliveries, listWebhooks, revokeWebhook, rotateWebhook } from '~/models/webhook.server';
import { CsrfInput } from '~/components/csrf';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { FormField } from '~/components/form-field';
import { ResultBanner, SecretControls } from '~/components/secret-banner';

// Outgoing webhooks: where Kaizen reports events, and the delivery queue with each delivery's last status.

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Outgoing webhooks · Admin · Kaizen' }];

const EVENT_HELP: Record<string, string> = {
  'document.published': 'a document is published',
  'decision.changed': 'a launch review’s Go / No-Go / Pending decision changes',
  'signoff.added': 'someone signs off a launch review',
  'action_item.created': 'an action item is added',
  'action_item.overdue': 'an open action item passes its due date (checked every minute)',
  'action_item.done': 'an action item is marked done',
  'comment.mention': 'someone is mentioned in a comment (comments are not in Kaizen yet)',
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'admin');
  const [webhooks, deliveries] = await Promise.all([
    listWebhooks(context.db, { sessionSecret: context.config.sessionSecret }),
    listDeliveries(context.db, { limit: 50 }),
  ]);
  return { webhooks, deliveries, events: WEBHOOK_EVENT_TYPES.map((e) => ({ name: e, help: EVENT_HELP[e] })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const ip = clientIp(request, context);
  const intent = String(form.get('intent') ?? '');
  const sessionSecret = context.config.sessionSecret;
  const values = { url: String(form.get('url') ?? ''), events: form.getAll('events').map(String) };
  try {
    if (intent === 'create') {
      const { secret } = await createWebhook(context.db, { actor, input: values, sessionSecret, ip });
      return { ok: true as const, message: 'Webhook added. Copy the signing secret now: it is not shown again.', secret };
    }
    if (intent === 'rotate') {
      const { secret } = await rotateWebhook(context.db, { actor, id: String(form.get('id') ?? ''), sessionSecret, ip });
      return { ok: true as const, message: 'New signing secret below (shown once); deliveries are signed with it from now on.', secret };
    }
    if (intent === 'revoke') {
      await revokeWebhook(context.db, { actor, id: String(form.get('id') ?? ''), ip });
      return { ok: true as const, message: 'Webhook revoked: it gets no more events, and its pending deliveries were dropped.' };
    }
    throw badRequest('Unknown form action.');
  } catch (e) {
    return formFailure(e, { values });
  }
}

export default function AdminWebhooks() {
  const { webhooks, deliveries, events } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const errors = result && !result.ok ? result.errors : {};
  const values = (result && !result.ok ? (result as { values?: { url?: string; events?: string[] } }).values : undefined) ?? {};
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Outgoing webhooks</h1>
      <p className="muted">
        Kaizen posts each event as signed JSON (API.md, “Webhooks out”), retrying failed deliveries with growing pauses for about a day.
      </p>
      <ResultBanner result={result} />
      {webhooks.length === 0 ? (
        <p className="empty">No webhooks yet. Add one below to tell a chat channel or a tracker about publications and action items.</p>
      ) : (
        <TableScroll label="Webhooks">
          <table className="data" aria-label="Webhooks">
            <thead>
              <tr>
                <th>Address</th>
                <th>Events</th>
                <th>Last delivery</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {webhooks.map((w) => (
                <tr key={w.id}>
                  <td>
                    <code>{w.url}</code>
                    <div className="muted">added {formatUtc(w.createdAt)}</div>
                  </td>
                  <td>{w.events.join(', ')}</td>
                  <td>
                    {w.last ? (
                      `${w.last.event}: ${w.last.status}${w.last.code ? ` (${w.last.code})` : w.last.error ? ` (${w.last.error})` : ''}`
                    ) : (
                      <span className="muted">none yet</span>
                    )}
                    {w.pending ? <div className="muted">{w.pending} pending</div> : null}
                  </td>
                  <td>
                    <SecretControls row={w} busy={busy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>Recent deliveries</h2>
      {deliveries.length === 0 ? (
        <p className="empty">No deliveries yet: they appear here when a subscribed event happens.</p>
      ) : (
        <TableScroll label="Deliveries">
          <table className="data" aria-label="Deliveries">
            <thead>
              <tr>
                <th>Event</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Last answer</th>
                <th>Last attempt (UTC)</th>
                <th>Next attempt (UTC)</th>
                <th>To</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code>{d.event}</code>
                  </td>
                  <td>{d.status}</td>
                  <td>{d.attempts}</td>
                  <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
                  <td>{d.lastAttemptAt ? formatUtc(d.lastAttemptAt) : '—'}</td>
                  <td>{d.status === 'pending' ? formatUtc(d.nextAttemptAt) : '—'}</td>
                  <td>
                    <code>{d.webhookUrl}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section className="card">
        <h2>Add a webhook</h2>
        <Form method="post" className="stack" key={result?.ok ? result.message : 'create'}>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <FormField
            name="url"
            label="Address"
            type="url"
            help="The https:// address Kaizen posts to."
            defaultValue={values.url}
            maxLength={2000}
            error={errors.url}
          />
          <fieldset aria-invalid={!!errors.events} aria-describedby={errors.events ? 'events-error' : undefined}>
            <legend>Events</legend>
            {events.map((e) => (
              <label key={e.name} className="checkbox">
                <input type="checkbox" name="events" value={e.name} defaultChecked={values.events?.includes(e.name)} />{' '}
                <code>{e.name}</code> — {e.help}
              </label>
            ))}
            {errors.events ? (
              <p className="field-error" id="events-error">
                {errors.events}
              </p>
            ) : null}
          </fieldset>
          <button type="submit" disabled={busy}>
            Add webhook
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
