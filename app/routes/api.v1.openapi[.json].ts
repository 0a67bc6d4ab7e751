import { openApiJson } from '~/lib/openapi/document.server';
import { api, methodNotAllowed } from '~/lib/route.server';

/**
 * `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of this API, generated from the zod schemas the routes
 * validate with (app/lib/openapi). Public, like the reference page at /api: it describes the interface and holds
 * no data (docs/decisions/011-openapi.md).
 */
export const loader = () =>
  new Response(openApiJson(), { headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
