import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { requestNow } from '~/lib/clock.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { getLaunchOutcome, recordLaunchOutcome } from '~/models/launch-outcome.server';

/** A launch's outcome: whether it is due, and what was recorded. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    return getLaunchOutcome(context.db, { actor, id: params.id ?? '', now: requestNow(context) });
  });

/** Record or re-record the outcome, carrying the version read (0 for the first). */
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'PUT') throw methodNotAllowed(['GET', 'PUT']);
    const actor = await requireApiActor(request, context, 'editor');
    return recordLaunchOutcome(context.db, { actor, id: params.id ?? '', input: await readJson(request), now: requestNow(context) });
  });
