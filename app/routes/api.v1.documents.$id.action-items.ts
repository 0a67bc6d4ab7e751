import type { ActionFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { getDocument } from '~/models/document.server';
import { createActionItem } from '~/models/action-item-change.server';

export const loader = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const doc = await getDocument(context.db, { actor, id: params.id ?? '' });
    return { items: doc.actionItems };
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'editor');
    const item = await createActionItem(context.db, { actor, documentId: params.id ?? '', input: await readJson(request) });
    return Response.json(item, { status: 201 });
  });
