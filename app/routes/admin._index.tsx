import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { CsrfInput } from '~/components/csrf';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { parseIntent } from '~/lib/route.server';
import { setViewersMayComment, viewersMayComment } from '~/models/comment.server';
import { countAdminTotals } from '~/models/admin-overview.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Admin · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'admin');
  const [totals, viewerComments] = await Promise.all([countAdminTotals(context.db), viewersMayComment(context.db)]);
  return { ...totals, viewerComments };
}

function settingsForm() {
  return z.object({ intent: z.literal('viewer-comments'), allowed: z.enum(['true', 'false']) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const input = parseIntent(form, settingsForm);
  await setViewersMayComment(context.db, { actor, allowed: input.allowed === 'true' });
  return { message: input.allowed === 'true' ? 'Viewers can now comment on published documents.' : 'Only editors and admins comment now.' };
}

export default function AdminIndex() {
  const d = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const cards = [
    { to: '/admin/users', title: 'Users', text: `${d.userCount} accounts: add people, change roles, disable accounts.` },
    { to: '/admin/tokens', title: 'API tokens', text: `${d.tokenCount} active tokens: create (shown once), see last use, revoke.` },
    { to: '/admin/templates', title: 'Templates', text: `${d.templateCount} template versions: add a custom template or a new version.` },
    {
      to: '/admin/proposals',
      title: 'Template proposals',
      text: `${d.openProposalCount} open: questions proposed from RCAs for checklist templates; accept into the next version or decline.`,
    },
    {
      to: '/admin/factors',
      title: 'Factor categories',
      text: 'The vocabulary contributing factors are sorted by: add a category, describe it, retire it.',
    },
    {
      to: '/admin/hooks',
      title: 'Incoming hooks',
      text: 'Alerting tools that open draft RCAs, trackers that report action-item status: create, rotate, revoke.',
    },
    {
      to: '/admin/webhooks',
      title: 'Outgoing webhooks',
      text: 'Where Kaizen reports publications, decisions, sign-offs and action items, and how each delivery went.',
    },
    {
      to: '/admin/overdue',
      title: 'Overdue',
      text: 'Who is overdue: draft RCAs past their due date and open action items past theirs, by owner.',
    },
    { to: '/admin/audit', title: 'Audit log', text: `${d.eventCount} events: sign-ins, account and token changes, document changes.` },
  ];
  return (
    <>
      <h1>Admin</h1>
      {cards.map((c) => (
        <section className="card" key={c.to}>
          <h2>
            <Link to={c.to}>{c.title}</Link>
          </h2>
          <p className="muted">{c.text}</p>
        </section>
      ))}
      <section className="card" aria-labelledby="comments-setting">
        <h2 id="comments-setting">Comments</h2>
        {saved ? (
          <p className="banner ok" role="status">
            {saved.message}
          </p>
        ) : null}
        <p className="muted">
          Editors comment on drafts, reviews and published documents.{' '}
          {d.viewerComments ? 'Viewers may comment on published documents.' : 'Viewers read comments but may not write them.'}
        </p>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="viewer-comments" />
          <input type="hidden" name="allowed" value={d.viewerComments ? 'false' : 'true'} />
          <button type="submit" className="secondary">
            {d.viewerComments ? 'Stop viewers commenting' : 'Let viewers comment on published documents'}
          </button>
        </Form>
      </section>
      <section className="card">
        <h2>Backup</h2>
        <p className="muted">
          An archive of everything (every table, with a checksum per table and for the whole), written by this server while it runs. Check
          one with <code>npm run -s cli -- verify FILE</code>; restore it into an empty database with{' '}
          <code>npm run -s cli -- restore FILE</code>.
        </p>
        <p>
          <a href="/admin/backup" download>
            Download a backup
          </a>
        </p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
