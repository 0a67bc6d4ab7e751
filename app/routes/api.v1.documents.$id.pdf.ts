import type { LoaderFunctionArgs } from '@remix-run/node';
import { clientIp, requireApiActor } from '~/lib/auth.server';
import { enforcePdfExportLimits } from '~/lib/rate-limit.server';
import { pdfResponse } from '~/lib/pdf-response.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { getDocument } from '~/models/document.server';

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    await enforcePdfExportLimits(context, { userId: actor.id, address: clientIp(request, context), format: 'json' });
    return pdfResponse(context.db, await getDocument(context.db, { actor, id: params.id ?? '' }), { owner: actor.id, format: 'json' });
  });

export const action = () => api(async () => {
  throw methodNotAllowed(['GET']);
});
