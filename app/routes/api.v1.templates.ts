import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { listTemplates } from '~/models/template.server';

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  api(async () => {
    await requireApiActor(request, context, 'viewer');
    const items = await listTemplates(context.db);
    return {
      items: items.map(({ key, version, kind, title, description, sections }) => ({ key, version, kind, title, description, sections })),
    };
  });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
