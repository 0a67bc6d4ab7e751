import { data } from '@remix-run/node';
import { HttpError, issuesByPath } from './errors.server';

/** In a loader: turn a model's HttpError into an error response the route's ErrorBoundary shows. */
export async function orThrowPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof HttpError) throw data(e.toJSON(), { status: e.status });
    throw e;
  }
}

export type ActionFailure = { ok: false; status: number; code: string; message: string; errors: Record<string, string>; conflict?: unknown };

/** In an action: an HttpError becomes data for the form (message, per-field errors), with its status. */
export function formFailure(e: unknown, extra: Record<string, unknown> = {}) {
  if (!(e instanceof HttpError)) throw e;
  const body: ActionFailure & Record<string, unknown> = {
    ok: false,
    status: e.status,
    code: e.code,
    message: e.message,
    errors: issuesByPath(e.issues),
    ...(e.status === 409 && e.data ? { conflict: e.data } : {}),
    ...extra,
  };
  return data(body, { status: e.status });
}

const MAX_JSON = 2 * 1024 * 1024;

/** A JSON API handler: every failure is `{"error": {code, message, issues?}}` with a 4xx (never a 5xx for bad input). */
export async function api(work: () => Promise<Response | unknown>, okStatus = 200): Promise<Response> {
  try {
    const r = await work();
    if (r instanceof Response) return r;
    return Response.json(r, { status: okStatus, headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    if (e instanceof HttpError) return Response.json(e.toJSON(), { status: e.status, headers: { 'Cache-Control': 'no-store' } });
    if (e instanceof Response) return e;
    console.error('Unexpected error in API handler:', e instanceof Error ? (e.stack ?? e.message) : e);
    return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
  }
}

export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  const text = await request.text();
  if (text.length > MAX_JSON) throw new HttpError(413, 'too_large', `The body is larger than ${MAX_JSON / 1024 / 1024} MB.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `The body is not valid JSON: ${(e as Error).message}`);
  }
}

export function methodNotAllowed(allowed: string[]): HttpError {
  return new HttpError(405, 'method_not_allowed', `Use ${allowed.join(' or ')} on this path.`);
}

/** The `?page=` number of a paged list: a positive integer, 1 when missing or malformed. */
export function pageParam(request: Request): number {
  const n = Number(new URL(request.url).searchParams.get('page') ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
