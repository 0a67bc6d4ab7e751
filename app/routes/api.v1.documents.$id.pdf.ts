import type { LoaderFunctionArgs } from '@remix-run/node';
import { apiDocumentPdf } from '~/lib/pdf-response.server';
import { api, methodNotAllowed } from '~/lib/route.server';

/** Also called by server.mjs for a plain GET of this path, before Remix routes it (see apiDocumentPdf). */
export const loader = ({ request, context, params }: LoaderFunctionArgs) => apiDocumentPdf(request, context, params.id ?? '');

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
