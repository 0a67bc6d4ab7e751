import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { getDocument } from '~/models/document.server';
import { commentRefusal, createComment, listThreads, viewersMayComment } from '~/models/comment.server';

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const doc = await getDocument(context.db, { actor, id: params.id ?? '' });
    const items = await listThreads(context.db, { actor, documentId: doc.id, doc });
    return { items, mayComment: !commentRefusal(actor, doc, await viewersMayComment(context.db)) };
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'viewer');
    const comment = await createComment(context.db, { actor, documentId: params.id ?? '', input: await readJson(request) });
    return Response.json(comment, { status: 201 });
  });
