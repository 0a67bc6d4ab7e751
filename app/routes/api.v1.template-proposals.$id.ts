import type { ActionFunctionArgs } from '@remix-run/node';
import { clientIp, requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { decideProposal } from '~/models/template-proposal-decide.server';

/** Accept a proposal into its template's next version, or decline it with a reason (admins). */
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'PATCH') throw methodNotAllowed(['PATCH']);
    const actor = await requireApiActor(request, context, 'admin');
    return decideProposal(context.db, {
      actor,
      proposalId: params.id ?? '',
      input: await readJson(request),
      ip: clientIp(request, context),
    });
  });

export const loader = () =>
  api(async () => {
    throw methodNotAllowed(['PATCH']);
  });
