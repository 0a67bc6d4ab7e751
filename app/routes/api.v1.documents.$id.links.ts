import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { getDocument } from '~/models/document.server';
import { addLink, launchPromises, listLinks } from '~/models/link.server';

/** A document's links both ways (to documents the caller may read) and, for an incident, what its launch promised. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const doc = await getDocument(context.db, { actor, id: params.id ?? '' });
    const items = await listLinks(context.db, { actor, id: doc.id });
    return { items, launches: doc.kind === 'rca' ? await launchPromises(context.db, { actor, links: items }) : [] };
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'editor');
    const link = await addLink(context.db, { actor, id: params.id ?? '', input: await readJson(request) });
    return Response.json(link, { status: 201 });
  });
