import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { TableScroll } from '~/components/table-scroll';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { clientIp, requireFormSession, requireSession } from '~/lib/auth.server';
import { badRequest } from '~/lib/errors.server';
import { formFailure } from '~/lib/route.server';
import { formatUtc } from '~/lib/time';
import { createInboundHook, listInboundHooks, revokeInboundHook, rotateInboundHook } from '~/models/inbound-hook.server';
import { DEFAULT_INCIDENT_TEMPLATE } from '~/models/incident-intake.server';
import { listTemplates } from '~/models/template.server';
import { CsrfInput } from '~/components/csrf';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { FormField } from '~/components/form-field';
import { ResultBanner, SecretControls } from '~/components/secret-banner';

// Incoming hooks: alerting tools that open incidents, trackers that report action-item status.

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Incoming hooks · Admin · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'admin');
  const [hooks, templates] = await Promise.all([
    listInboundHooks(context.db, { sessionSecret: context.config.sessionSecret }),
    listTemplates(context.db, { latestOnly: true }),
  ]);
  return {
    hooks,
    templates: templates.filter((t) => t.kind === 'rca').map((t) => ({ key: t.key, title: t.title })),
    defaultTemplate: DEFAULT_INCIDENT_TEMPLATE,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const ip = clientIp(request, context);
  const intent = String(form.get('intent') ?? '');
  const sessionSecret = context.config.sessionSecret;
  const values = {
    name: String(form.get('name') ?? ''),
    purpose: String(form.get('purpose') ?? ''),
    template: String(form.get('template') ?? ''),
  };
  try {
    if (intent === 'create') {
      const { hook, secret } = await createInboundHook(context.db, { actor, input: values, sessionSecret, ip });
      // Shown once: only the sealed secret is stored, and no page shows it again.
      return {
        ok: true as const,
        message: `Hook “${hook.name}” created. Copy the secret now: it is not shown again.`,
        secret,
        hookId: hook.id,
      };
    }
    if (intent === 'rotate') {
      const { secret } = await rotateInboundHook(context.db, { actor, id: String(form.get('id') ?? ''), sessionSecret, ip });
      return {
        ok: true as const,
        message: 'New secret below (shown once). The previous one keeps working for 24 hours while the sender switches.',
        secret,
      };
    }
    if (intent === 'revoke') {
      await revokeInboundHook(context.db, { actor, id: String(form.get('id') ?? ''), ip });
      return { ok: true as const, message: 'Hook revoked: its calls now get 401.' };
    }
    throw badRequest('Unknown form action.');
  } catch (e) {
    return formFailure(e, { values });
  }
}

export default function AdminHooks() {
  const { hooks, templates, defaultTemplate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const errors = result && !result.ok ? result.errors : {};
  const values = (result && !result.ok ? (result as { values?: Record<string, string> }).values : undefined) ?? {};
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Incoming hooks</h1>
      <p className="muted">
        Alerting tools open draft RCAs through <code>POST /api/v1/hooks/incidents</code>; trackers report an action item’s status through{' '}
        <code>POST /api/v1/hooks/trackers</code>. Each call is signed with the hook’s secret (API.md, “Webhooks in”).
      </p>
      <ResultBanner result={result ? { ...result, message: result.message } : undefined} />
      {hooks.length === 0 ? (
        <p className="empty">No incoming hooks yet. Create one below for your alerting tool or tracker.</p>
      ) : (
        <TableScroll label="Incoming hooks">
          <table className="data" aria-label="Incoming hooks">
            <thead>
              <tr>
                <th>Name and id</th>
                <th>For</th>
                <th>Created (UTC)</th>
                <th>Last call (UTC)</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((h) => (
                <tr key={h.id}>
                  <td>
                    {h.name}
                    <div className="muted">
                      <code>{h.id}</code>
                    </div>
                  </td>
                  <td>{h.purpose === 'incidents' ? `incidents → ${h.templateKey ?? defaultTemplate}` : 'tracker status'}</td>
                  <td>{formatUtc(h.createdAt)}</td>
                  <td>{h.lastUsedAt ? formatUtc(h.lastUsedAt) : <span className="muted">never</span>}</td>
                  <td>
                    <SecretControls row={h} busy={busy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section className="card">
        <h2>Create a hook</h2>
        <Form method="post" className="stack" key={result?.ok ? result.message : 'create'}>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <FormField
            name="name"
            label="Name"
            help="Who calls it, e.g. “Alertmanager production”."
            defaultValue={values.name}
            maxLength={100}
            error={errors.name}
          />
          <FormField name="purpose" label="For" error={errors.purpose}>
            <select id="purpose" name="purpose" defaultValue={values.purpose ?? 'incidents'} aria-invalid={!!errors.purpose}>
              <option value="incidents">Incidents: open a draft RCA per alert</option>
              <option value="trackers">Trackers: set action-item status by issue URL</option>
            </select>
          </FormField>
          <FormField name="template" label="Template of the drafts (incidents only)" error={errors.template}>
            <select id="template" name="template" defaultValue={values.template ?? ''} aria-invalid={!!errors.template}>
              <option value="">{defaultTemplate} (built-in)</option>
              {templates
                .filter((t) => t.key !== defaultTemplate)
                .map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.title} ({t.key})
                  </option>
                ))}
            </select>
          </FormField>
          <button type="submit" disabled={busy}>
            Create hook
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
