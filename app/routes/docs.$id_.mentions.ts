import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireSession } from '~/lib/auth.server';
import { api } from '~/lib/route.server';
import { suggestMentions } from '~/models/comment.server';

/** Accounts to suggest after "@" in a comment on this document (signed-in people; only accounts that may read it). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100);
  return api(async () => ({ items: await suggestMentions(context.db, { actor, documentId: params.id ?? '', q }) }));
}
