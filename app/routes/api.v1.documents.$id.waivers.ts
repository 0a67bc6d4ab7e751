import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireApiActor } from '~/lib/auth.server';
import { validationError } from '~/lib/errors.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { decideWaiver, listWaivers, requestWaiver } from '~/models/waiver.server';

/** Which waiver a PATCH acts on; the rest of the body is WaiverDecisionSchema. */
const Target = z.object({ id: z.string({ message: 'say which waiver (its id)' }).uuid('say which waiver (its id)') }).passthrough();

/** A launch review's waivers, newest first, each with its state (pending, active, expired, withdrawn). */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    return { items: await listWaivers(context.db, { actor, id: params.id ?? '' }) };
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method === 'POST') {
      const actor = await requireApiActor(request, context, 'editor');
      const w = await requestWaiver(context.db, { actor, id: params.id ?? '', input: await readJson(request) });
      return Response.json(w, { status: 201 });
    }
    if (request.method === 'PATCH') {
      const actor = await requireApiActor(request, context, 'editor');
      const body = await readJson(request);
      const t = Target.safeParse(body);
      if (!t.success) throw validationError(t.error);
      const { id, ...input } = t.data;
      return decideWaiver(context.db, { actor, id: params.id ?? '', waiverId: id, input });
    }
    throw methodNotAllowed(['GET', 'POST', 'PATCH']);
  });
