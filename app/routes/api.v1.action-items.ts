import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { validationError } from '~/lib/errors.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { ActionItemFilterSchema, listActionItems } from '~/models/action-item.server';

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const r = ActionItemFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!r.success) throw validationError(r.error, ['query']);
    return listActionItems(context.db, { actor, filter: r.data, today: new Date().toISOString().slice(0, 10) });
  });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
