import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireSession } from '~/lib/auth.server';
import { HttpError } from '~/lib/errors.server';
import { getDocument } from '~/models/document.server';
import { documentMarkdown } from '~/models/document-markdown.server';

/** GET /docs/:id.md — the document as Markdown, for signed-in people who may read it. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  try {
    const doc = await getDocument(context.db, { actor, id: params.id ?? '' });
    return new Response(documentMarkdown(doc), {
      headers: {
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Disposition': `inline; filename="${doc.id}.md"`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (e) {
    if (e instanceof HttpError)
      return new Response(`${e.message}\n`, { status: e.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    throw e;
  }
}
