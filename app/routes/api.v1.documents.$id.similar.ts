import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { badRequest } from '~/lib/errors.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { similarIncidents } from '~/models/similar.server';

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const raw = new URL(request.url).searchParams.get('limit');
    const limit = raw === null ? 5 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 20)
      throw badRequest('limit must be a whole number from 1 to 20', [{ path: ['limit'], message: 'use 1 to 20' }]);
    return { items: await similarIncidents(context.db, { actor, id: params.id ?? '', limit }) };
  });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
