import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { getDocument } from '~/models/document.server';
import { documentMarkdown } from '~/models/document-markdown.server';

/** GET /api/v1/documents/:id/markdown — the document as Markdown (text/markdown), same access as reading it. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const doc = await getDocument(context.db, { actor, id: params.id ?? '' });
    return new Response(documentMarkdown(doc), {
      headers: { 'Content-Type': 'text/markdown; charset=utf-8', 'Cache-Control': 'private, no-store' },
    });
  });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
