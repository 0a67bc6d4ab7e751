import { HttpError } from '~/lib/errors.server';
import { api } from '~/lib/route.server';

const notFound = () => api(async () => {
  throw new HttpError(404, 'not_found', 'No such API endpoint. See API.md for the endpoints under /api/v1.');
});
export const loader = notFound;
export const action = notFound;
