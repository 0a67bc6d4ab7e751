import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { listRevisions } from '~/models/revision.server';

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const items = await listRevisions(context.db, { actor, documentId: params.id ?? '' });
    return { items: items.map((r) => ({ version: r.version, at: r.at, by: r.by, event: r.event, note: r.note, changed: r.changed })) };
  });

export const action = () => api(async () => {
  throw methodNotAllowed(['GET']);
});
