import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { validationError } from '~/lib/errors.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { PreferencesInputSchema, getNotificationPreferences, saveNotificationPreferences } from '~/models/notification-preference.server';

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    return { preferences: await getNotificationPreferences(context.db, { actor }) };
  });

export const action = ({ request, context }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'PUT') throw methodNotAllowed(['GET', 'PUT']);
    const actor = await requireApiActor(request, context, 'viewer');
    const r = PreferencesInputSchema.safeParse(await readJson(request));
    if (!r.success) throw validationError(r.error);
    return { preferences: await saveNotificationPreferences(context.db, { actor, input: r.data }) };
  });
