import { HttpError } from '~/lib/errors.server';
import { api } from '~/lib/route.server';

const notFound = () =>
  api(async () => {
    throw new HttpError(
      404,
      'not_found',
      'No such API endpoint. The endpoints under /api/v1 are listed at /api (OpenAPI document: /api/v1/openapi.json).',
    );
  });
export const loader = notFound;
export const action = notFound;
