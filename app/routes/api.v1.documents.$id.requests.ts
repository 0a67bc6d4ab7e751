import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { createRequest, listRequests } from '~/models/review-request.server';

/** Who was asked to review this document or sign it, and where each request stands. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    return { items: await listRequests(context.db, { actor, documentId: params.id ?? '' }) };
  });

/** Ask an editor or admin to review the document, or to sign a launch review for a role (editors). */
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'editor');
    const created = await createRequest(context.db, { actor, documentId: params.id ?? '', input: await readJson(request) });
    return Response.json(created, { status: 201 });
  });
