import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { badRequest, validationError } from '~/lib/errors.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { MarkReadSchema, listNotifications, markNotificationsRead } from '~/models/notification.server';

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const raw = new URL(request.url).searchParams.get('before');
    const before = raw === null ? undefined : Number(raw);
    if (before !== undefined && !(Number.isSafeInteger(before) && before > 0))
      throw badRequest('before must be a notice id from nextBefore', [{ path: ['before'], message: 'use nextBefore from the last page' }]);
    return listNotifications(context.db, { actor, before });
  });

export const action = ({ request, context }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'viewer');
    const r = MarkReadSchema.safeParse(await readJson(request));
    if (!r.success) throw validationError(r.error);
    return { marked: await markNotificationsRead(context.db, { actor, ids: r.data.ids, all: r.data.all }) };
  });
