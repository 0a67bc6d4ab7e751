import type { ActionFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { transitionDocument } from '~/models/document.server';
import { toApiDocument } from '~/models/api-document.server';

export const loader = () =>
  api(async () => {
    throw methodNotAllowed(['POST']);
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['POST']);
    const actor = await requireApiActor(request, context, 'editor');
    return toApiDocument(await transitionDocument(context.db, { actor, id: params.id ?? '', input: await readJson(request) }));
  });
