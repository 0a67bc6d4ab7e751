import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { createFactorCategory, listFactorCategories } from '~/models/factor-category.server';

/** The contributing-factor vocabulary: what a factors field's `categories` may name (retired ones are kept by documents). */
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  api(async () => {
    await requireApiActor(request, context, 'viewer');
    return { items: await listFactorCategories(context.db) };
  });

export const action = ({ request, context }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'admin');
    const created = await createFactorCategory(context.db, { actor, input: await readJson(request) });
    return Response.json(created, { status: 201 });
  });
