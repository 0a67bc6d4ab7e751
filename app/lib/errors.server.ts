import type { z } from 'zod';
import { currentRequestId } from '~/lib/log.server';

export type IssueItem = { path: (string | number)[]; message: string };

/** The one error type for HTTP answers: pages and the API both turn it into a 4xx. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: IssueItem[],
    /** Extra data a page may need (for a conflict: the newer state). */
    readonly data?: unknown,
    /** Extra members of the JSON error object (for a conflict: currentVersion, changedFields). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
  /** The API's error shape; inside a request served by server.mjs it names the request (as X-Request-Id does). */
  toJSON() {
    const requestId = currentRequestId();
    return {
      error: {
        code: this.code,
        message: this.message,
        ...this.details,
        ...(this.issues ? { issues: this.issues } : {}),
        ...(requestId ? { requestId } : {}),
      },
    };
  }
}

/** The answer to a failure that is ours, not the client's: the details stay in the server log under `requestId`. */
export function internalErrorBody(requestId = currentRequestId()) {
  return {
    error: {
      code: 'internal',
      message: 'Something went wrong on our side. Try again; if it keeps happening, tell an admin and quote the request id.',
      ...(requestId ? { requestId } : {}),
    },
  };
}

export const badRequest = (message: string, issues?: IssueItem[]) => new HttpError(400, 'invalid', message, issues);
export const notFound = (what = 'Not found') => new HttpError(404, 'not_found', what);
export const forbidden = (message = 'You do not have permission to do this.') => new HttpError(403, 'forbidden', message);
export const unauthorized = (message = 'Sign in first.') => new HttpError(401, 'unauthorized', message);
export const conflict = (message: string, data?: unknown, extra: { issues?: IssueItem[]; details?: Record<string, unknown> } = {}) =>
  new HttpError(409, 'conflict', message, extra.issues, data, extra.details);

export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): IssueItem[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: i.message,
  }));
}

export function validationError(error: z.ZodError, prefix: (string | number)[] = [], status = 400): HttpError {
  const issues = zodIssues(error, prefix);
  const first = issues[0];
  const where = first?.path.length ? ` (${first.path.join('.')})` : '';
  return new HttpError(status, 'invalid', `Some values are not valid${where}: ${first?.message ?? 'check the input'}`, issues);
}

/** Map issues to `{ "fields.startedAt": "message" }` for showing next to form inputs. */
export function issuesByPath(issues: IssueItem[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues ?? []) {
    const key = i.path.join('.');
    if (!(key in out)) out[key] = i.message;
  }
  return out;
}
