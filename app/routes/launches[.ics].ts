import type { LoaderFunctionArgs } from '@remix-run/node';
import { requestNow } from '~/lib/clock.server';
import { writeCalendar } from '~/lib/icalendar';
import { actorOfCalendarKey, listCalendarLaunches } from '~/models/calendar.server';

const DECISION = { go: 'Go', no_go: 'No-Go', pending: 'Pending' } as Record<string, string>;

/**
 * The launch calendar of one user, for team calendars: the secret `key` (from /account/calendar) stands for the
 * user, because calendar apps send no cookie. An unknown key answers a bare 404 that says nothing about keys.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const actor = await actorOfCalendarKey(context.db, url.searchParams.get('key') ?? '');
  if (!actor)
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  const launches = await listCalendarLaunches(context.db, { actor });
  const stamp = requestNow(context);
  const body = writeCalendar({
    name: 'Kaizen launches',
    events: launches.map((l) => ({
      uid: `launch-${l.id}@kaizen`,
      start: l.launchAt,
      stamp,
      summary: `Launch: ${l.title}`,
      description: [l.service ? `Service: ${l.service}` : '', `Decision: ${DECISION[l.decision ?? 'pending'] ?? 'Pending'}`]
        .filter(Boolean)
        .join('\n'),
      url: `${url.origin}/docs/${l.id}`,
    })),
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="launches.ics"',
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'no-referrer',
    },
  });
}
