import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { CsrfInput } from '~/components/csrf';
import { RouteErrorBoundary } from '~/components/route-error';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { formatUtc } from '~/lib/time';
import { parseIntent } from '~/lib/route.server';
import { type NotificationKind, listNotifications, markNotificationsRead } from '~/models/notification.server';

export const meta: MetaFunction = () => [{ title: 'Inbox · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const raw = Number(new URL(request.url).searchParams.get('before'));
  return listNotifications(context.db, { actor, before: Number.isSafeInteger(raw) && raw > 0 ? raw : undefined });
}

function inboxIntents() {
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('read'), id: z.coerce.number().int().positive() }),
    z.object({ intent: z.literal('read-all') }),
  ]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'viewer');
  const input = parseIntent(form, inboxIntents);
  const n = await markNotificationsRead(context.db, input.intent === 'read-all' ? { actor, all: true } : { actor, ids: [input.id] });
  return { message: n === 1 ? 'Marked 1 notice read.' : `Marked ${n} notices read.` };
}

const KIND_LABEL: Record<NotificationKind, string> = {
  mention: 'Mentioned you',
  comment: 'Comment on your document',
  reply: 'Reply in a thread',
  review_request: 'Asked to review',
  signoff_request: 'Asked to sign',
  assigned: 'Assigned to you',
  action_due_soon: 'Action item due soon',
  action_overdue: 'Action item overdue',
  rca_due: 'RCA due',
  weekly_summary: 'Weekly summary',
};

export default function Inbox() {
  const { items, nextBefore, unread } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return (
    <article>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>Inbox</h1>
        {unread ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="secondary">
              Mark all read
            </button>
          </Form>
        ) : null}
      </div>
      {done ? (
        <p className="banner ok" role="status">
          {done.message}
        </p>
      ) : null}
      <p className="muted">{unread ? `${unread >= 100 ? '100 or more' : unread} unread.` : 'Nothing unread.'}</p>
      {items.length === 0 ? (
        <p className="empty">
          No notices yet. You are told here when someone mentions you with @ in a comment, comments on a document you wrote, replies in a
          thread you are in, asks you to review or sign, or makes you the owner of an action item.
        </p>
      ) : (
        <ul className="inbox">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'}>
              <div className="muted">
                {n.read ? null : <strong>New · </strong>}
                {KIND_LABEL[n.kind]} · <time dateTime={n.createdAt}>{formatUtc(n.createdAt)}</time>
              </div>
              {n.documentId ? (
                <Link to={n.commentId ? `/docs/${n.documentId}/comments#c-${n.commentId}` : `/docs/${n.documentId}`}>{n.summary}</Link>
              ) : (
                <span>{n.summary}</span>
              )}
              {n.read ? null : (
                <Form method="post" className="inline">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="link-button">
                    Mark read
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {nextBefore ? (
        <p>
          <Link to={`?before=${nextBefore}`}>Older notices</Link>
        </p>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
