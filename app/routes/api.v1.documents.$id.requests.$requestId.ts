import type { ActionFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { cancelRequest } from '~/models/review-request.server';

export const loader = () =>
  api(async () => {
    throw methodNotAllowed(['DELETE']);
  });

/** Withdraw a review or sign-off request (editors). */
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'DELETE') throw methodNotAllowed(['DELETE']);
    const actor = await requireApiActor(request, context, 'editor');
    await cancelRequest(context.db, { actor, documentId: params.id ?? '', requestId: params.requestId ?? '' });
    return new Response(null, { status: 204 });
  });
