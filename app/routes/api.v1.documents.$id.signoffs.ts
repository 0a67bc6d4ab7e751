import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { getDocument } from '~/models/document.server';
import { createSignoff } from '~/models/signoff.server';
import { getLaunchDecision, listDecisionChanges } from '~/models/launch-decision.server';

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const doc = await getDocument(context.db, { actor, id: params.id ?? '' });
    const decision = doc.kind === 'checklist' ? await getLaunchDecision(context.db, doc.id) : null;
    return { items: doc.signoffs, decision, history: decision ? await listDecisionChanges(context.db, doc.id) : [] };
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'editor');
    const signoff = await createSignoff(context.db, { actor, documentId: params.id ?? '', input: await readJson(request) });
    return Response.json(signoff, { status: 201 });
  });
