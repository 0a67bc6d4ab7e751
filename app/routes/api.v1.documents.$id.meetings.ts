import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { listMeetings } from '~/models/meeting.server';

/** A launch review's meetings, newest first: when, who attended, what was discussed and the decision recorded at the end. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    return { items: await listMeetings(context.db, { actor, id: params.id ?? '' }) };
  });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
