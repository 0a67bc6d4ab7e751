import { data } from '@remix-run/node';
import type { z } from 'zod';
import { HttpError, internalErrorBody, issuesByPath, zodIssues } from '~/lib/errors.server';
import { currentRequestId, logError } from '~/lib/log.server';

/** In a loader: turn a model's HttpError into an error response the route's ErrorBoundary shows. */
export async function orThrowPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof HttpError) throw data(e.toJSON(), { status: e.status });
    throw e;
  }
}

export type ActionFailure = {
  ok: false;
  status: number;
  code: string;
  message: string;
  errors: Record<string, string>;
  conflict?: unknown;
};

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

/** A posted form's text values by name (the first of repeated names; an uploaded file is not text and is left out). */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === 'string' && !(k in out)) out[k] = v;
  return out;
}

/**
 * In an action: the form read by the route's intent schema (a `z.discriminatedUnion('intent', …)`,
 * or one object for a page with one form). A form that does not fit — an unknown intent, a
 * missing or malformed hidden field — is never a user's typing but a stale page or a hand-made
 * request: it is answered 400 with the issues by field, shown by the route's ErrorBoundary.
 * What people type is checked by the model, whose issues the page shows next to each input.
 * `defaultIntent` is the page's main form, for posts made before forms carried an intent.
 *
 * The schema comes as a function declared in the route, built once on first use: a schema
 * built at a route module's top level would put zod into the page's browser bundle.
 */
export function parseIntent<S extends z.ZodType>(form: FormData, schema: () => S, defaultIntent?: string): z.output<S> {
  const r = readIntent(form, schema, defaultIntent);
  if (r instanceof HttpError) throw data(r.toJSON(), { status: r.status });
  return r.data;
}

/** parseIntent without the throw, for a resource route (which answers the error shape itself). */
export function readIntent<S extends z.ZodType>(
  form: FormData,
  schema: () => S,
  defaultIntent?: string,
): { data: z.output<S> } | HttpError {
  const values: Record<string, unknown> = formValues(form);
  if (defaultIntent && !('intent' in values)) values.intent = defaultIntent;
  const r = built(schema).safeParse(values);
  if (r.success) return { data: r.data };
  const issues = zodIssues(r.error).map((i, n) => {
    const raw = r.error.issues[n] as { code: string; options?: unknown[] };
    // zod says "Invalid discriminator value"; say which actions this page takes.
    return raw.code === 'invalid_union' && i.path[0] === 'intent' && raw.options
      ? { ...i, message: `unknown form action; this page takes ${raw.options.map((o) => `"${String(o)}"`).join(', ')}` }
      : i;
  });
  const first = issues[0];
  return new HttpError(
    400,
    'invalid',
    `The form was not valid (${first.path.join('.') || 'form'}: ${first.message}). Reload the page and try again.`,
    issues,
  );
}

const schemas = new WeakMap<() => z.ZodType, z.ZodType>();
function built<S extends z.ZodType>(make: () => S): S {
  let s = schemas.get(make);
  if (!s) schemas.set(make, (s = make()));
  return s as S;
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
    const requestId = currentRequestId();
    logError('API handler failed', e, requestId);
    return Response.json(internalErrorBody(requestId), { status: 500, headers: { 'Cache-Control': 'no-store' } });
  }
}

/**
 * The JSON body of an API request. Its size is limited by the bytes read, whatever the framing
 * (a chunked body has no Content-Length), and reading stops as soon as the limit is passed.
 */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  const text = await readBodyText(request, MAX_JSON);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `The body is not valid JSON: ${(e as Error).message}`);
  }
  const at = loneSurrogatePath(value);
  if (at)
    throw new HttpError(
      400,
      'invalid_json',
      `The body has an unpaired surrogate escape (\\uD800–\\uDFFF) at ${at.length ? at.join('.') : 'the top level'}; text must be valid Unicode.`,
      [{ path: at, message: 'has an unpaired surrogate escape' }],
    );
  return value;
}

async function readBodyText(request: Request, limit: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, 'too_large', `The body is larger than ${limit / 1024 / 1024} MB.`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Visit = { value: unknown; key?: string | number; parent?: Visit };
const pathOf = (v: Visit | undefined, tail: (string | number)[] = []): (string | number)[] => {
  const out = [...tail];
  for (let at = v; at && at.key !== undefined; at = at.parent) out.unshift(at.key);
  return out;
};

/** Where a string (value or key) holds half a surrogate pair, which no database or PDF can store; null when none does. */
function loneSurrogatePath(root: unknown): (string | number)[] | null {
  // Iterative, with parent links instead of copied paths: a deeply nested body costs linear time and no stack.
  const pending: Visit[] = [{ value: root }];
  while (pending.length) {
    const visit = pending.pop()!;
    const { value } = visit;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return pathOf(visit);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => pending.push({ value: v, key: i, parent: visit }));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (LONE_SURROGATE.test(k)) return pathOf(visit, [k]);
        pending.push({ value: v, key: k, parent: visit });
      }
    }
  }
  return null;
}

export function methodNotAllowed(allowed: string[]): HttpError {
  return new HttpError(405, 'method_not_allowed', `Use ${allowed.join(' or ')} on this path.`);
}

/** The `?page=` number of a paged list: a positive integer, 1 when missing or malformed. */
export function pageParam(request: Request): number {
  const n = Number(new URL(request.url).searchParams.get('page') ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
