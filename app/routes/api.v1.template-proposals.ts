import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { validationError } from '~/lib/errors.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { ProposalListFilterSchema, listTemplateProposals } from '~/models/template-proposal.server';

/** Every template proposal (admins): open ones first, then the decided ones, newest first; paged by `page`. */
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'admin');
    const r = ProposalListFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!r.success) throw validationError(r.error, ['query']);
    const { items, total } = await listTemplateProposals(context.db, { actor, filter: r.data });
    return { items, total, page: r.data.page, limit: r.data.limit };
  });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
