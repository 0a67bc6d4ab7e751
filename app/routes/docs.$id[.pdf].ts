import type { LoaderFunctionArgs } from '@remix-run/node';
import { clientIp, requireSession } from '~/lib/auth.server';
import { HttpError } from '~/lib/errors.server';
import { documentPdfExport } from '~/lib/pdf-response.server';

/** GET /docs/:id.pdf — the document as a PDF, for signed-in people who may read it. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  try {
    return await documentPdfExport(context, {
      actor,
      id: params.id ?? '',
      address: clientIp(request, context),
      format: 'text',
      ifNoneMatch: request.headers.get('if-none-match'),
    });
  } catch (e) {
    if (e instanceof HttpError)
      return new Response(`${e.message}\n`, { status: e.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    throw e;
  }
}
