import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { requestNow } from '~/lib/clock.server';
import { parseIntent } from '~/lib/route.server';
import { formatUtc } from '~/lib/time';
import { getCalendarKeyInfo, rotateCalendarKey } from '~/models/calendar.server';
import { CsrfInput } from '~/components/csrf';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Launch calendar · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'viewer');
  return { key: await getCalendarKeyInfo(context.db, { actor }) };
}

const calendarIntents = () => z.discriminatedUnion('intent', [z.object({ intent: z.literal('rotate') })]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'viewer');
  parseIntent(form, calendarIntents, 'rotate');
  const key = await rotateCalendarKey(context.db, { actor, now: requestNow(context) });
  // Shown once: only its hash is kept.
  return { feedUrl: `${new URL(request.url).origin}/launches.ics?key=${key}` };
}

export default function AccountCalendar() {
  const { key } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return (
    <div className="card" style={{ maxWidth: 640 }}>
      <h1>Launch calendar</h1>
      <p>
        Subscribe to launch times from your team calendar with a personal feed address. It shows the launch reviews you may read. Anyone who
        has the address can read the feed: keep it private, and make a new one if it leaks.
      </p>
      {done?.feedUrl ? (
        <div className="banner ok" role="status">
          <p>Your feed address (shown only now; copy it into your calendar app):</p>
          <input readOnly aria-label="Feed address" value={done.feedUrl} style={{ width: '100%' }} />
        </div>
      ) : key ? (
        <p>You made a feed address on {formatUtc(key.createdAt)} (UTC). Making a new one stops the old one working.</p>
      ) : (
        <p className="muted">You have no feed address yet.</p>
      )}
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="intent" value="rotate" />
        <button type="submit">{key || done ? 'Make a new feed address' : 'Make my feed address'}</button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
