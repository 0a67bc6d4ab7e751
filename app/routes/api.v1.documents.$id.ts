import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { getDocument, updateDocument } from '~/models/document.server';
import { toApiDocument } from '~/models/api-document.server';

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    return toApiDocument(await getDocument(context.db, { actor, id: params.id ?? '' }));
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'PATCH') throw methodNotAllowed(['GET', 'PATCH']);
    const actor = await requireApiActor(request, context, 'editor');
    return toApiDocument(await updateDocument(context.db, { actor, id: params.id ?? '', input: await readJson(request) }));
  });
