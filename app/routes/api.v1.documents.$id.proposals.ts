import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { listDocumentProposals, proposeQuestion } from '~/models/template-proposal.server';

/** The checklist questions proposed from an RCA, newest first, each with its state. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    return { items: await listDocumentProposals(context.db, { actor, id: params.id ?? '' }) };
  });

/** Anyone who may read the RCA may propose (viewers read published RCAs only). */
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'viewer');
    const p = await proposeQuestion(context.db, { actor, id: params.id ?? '', input: await readJson(request) });
    return Response.json(p, { status: 201 });
  });
