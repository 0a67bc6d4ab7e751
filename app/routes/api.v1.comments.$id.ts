import type { ActionFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { setThreadResolved } from '~/models/comment.server';

export const loader = () =>
  api(async () => {
    throw methodNotAllowed(['PATCH']);
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'PATCH') throw methodNotAllowed(['PATCH']);
    const actor = await requireApiActor(request, context, 'viewer');
    return setThreadResolved(context.db, { actor, commentId: params.id ?? '', input: await readJson(request) });
  });
