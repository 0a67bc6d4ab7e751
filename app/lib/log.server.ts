import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, stdTimeFunctions, type Level } from 'pino';

/**
 * The server's one logger: JSON lines (pino) on stdout, each with the id of the request it belongs to, and no secret.
 * No request or response headers, bodies or query strings are ever logged (they carry passwords, tokens, session
 * cookies and CSRF tokens), and no value a database query was given: drizzle's "Failed query: … params: …" message (and
 * the `params` it keeps on the error) would print password and token hashes; database errors' `detail` and `where`
 * quote row values. Errors are written by {@link describeError}: names, codes, messages without parameters and stack
 * frames only. The redaction list is a second net for a careless future call, not the first defence.
 */

const requests = new AsyncLocalStorage<{ requestId: string }>();

export const logger = pino({
  level: 'info',
  timestamp: stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  // Lines written while a request is handled carry its id without every call passing it.
  mixin: () => {
    const requestId = requests.getStore()?.requestId;
    return requestId ? { requestId } : {};
  },
  redact: {
    paths: [
      'password',
      'token',
      'csrf',
      'cookie',
      'authorization',
      'headers',
      '*.password',
      '*.token',
      '*.csrf',
      '*.cookie',
      '*.authorization',
      '*.headers',
    ],
    censor: '[redacted]',
  },
});

/** LOG_LEVEL, applied once the environment is read (boot). */
export function setLogLevel(level: Level | 'silent'): void {
  logger.level = level;
}

/** Run `work` (one HTTP request) so that errors logged anywhere inside it carry its id. */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return requests.run({ requestId }, work);
}

/** The id of the request being handled, if any (also sent to the client as X-Request-Id). */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}

// Fields of PostgreSQL errors (postgres.js and PGlite spell them differently) that name things, never values.
const NAMING_FIELDS = [
  'code',
  'severity',
  'constraint',
  'constraint_name',
  'table',
  'table_name',
  'column',
  'column_name',
  'schema',
  'schema_name',
  'routine',
];
const MAX_FRAMES = 12;
const MAX_DEPTH = 4;

/** A parameter list appended to a message ("params: a,b"), from drizzle or anything shaped like it. */
function withoutParams(message: string): string {
  return message.replace(/\n\s*params:[\s\S]*$/, '').replace(/^(Failed query: [\s\S]*?)\s*params:[\s\S]*$/, '$1');
}

/** An error's message without query parameter values (for one-line reasons, such as the CLI's). */
export function safeMessage(error: Error): string {
  const e = error as Error & { query?: unknown };
  return e.message.startsWith('Failed query:') && typeof e.query === 'string' ? `Failed query: ${e.query}` : withoutParams(e.message);
}

/** A loggable account of an error and its causes, with every query parameter value left out. */
export function describeError(error: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) return '…';
  if (error instanceof Error) {
    const e = error as Error & Record<string, unknown>;
    // drizzle's DrizzleQueryError keeps the query apart from its parameters; PGlite's errors carry both too, with the server's own message.
    const message = safeMessage(e);
    const naming = NAMING_FIELDS.filter((k) => typeof e[k] === 'string' || typeof e[k] === 'number').map(
      (k) => `${k}=${String(e[k]).slice(0, 200)}`,
    );
    const frames = (e.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, MAX_FRAMES);
    let out = `${e.name}: ${message}${naming.length ? ` [${naming.join(' ')}]` : ''}`;
    if (frames.length) out += `\n${frames.join('\n')}`;
    if (error instanceof AggregateError)
      for (const inner of error.errors.slice(0, 5)) out += `\n  including: ${describeError(inner, depth + 1)}`;
    if (e.cause !== undefined) out += `\nCaused by: ${describeError(e.cause, depth + 1)}`;
    return out;
  }
  if (error && typeof error === 'object') {
    // A Remix error response (a thrown `data()` or an internal 404/405): its status, and what it wraps.
    const r = error as { status?: unknown; statusText?: unknown; error?: unknown };
    if (typeof r.status === 'number')
      return (
        `${r.status} ${typeof r.statusText === 'string' ? r.statusText : ''}`.trim() +
        (r.error !== undefined ? `\nCaused by: ${describeError(r.error, depth + 1)}` : '')
      );
    return `a thrown ${error.constructor?.name ?? 'object'} (not an Error)`;
  }
  return typeof error === 'string' ? withoutParams(error) : `a thrown ${typeof error} (not an Error)`;
}

/** Write one error to the log under the current request's id. */
export function logError(what: string, error: unknown, requestId = currentRequestId()): void {
  logger.error({ ...(requestId ? { requestId } : {}), error: describeError(error) }, what);
}
