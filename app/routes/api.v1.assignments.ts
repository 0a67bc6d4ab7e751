import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { requestNow } from '~/lib/clock.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { myAssignments } from '~/models/review-request.server';

/** What waits on the caller: their open action items, and the reviews and sign-offs they were asked for. */
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    return myAssignments(context.db, { actor, today: requestNow(context).toISOString().slice(0, 10) });
  });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
