import { createHash } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { counterDatabase, type Database } from '../../db/client';
import { rateLimits } from '../../db/schema';
import { currentRequestId, logError } from '~/lib/log.server';
import { rateLimitedTotal } from '~/lib/metrics.server';

/**
 * Shared request-rate limits (docs/decisions/010-logs-metrics-limits.md): fixed one-minute windows counted in the
 * `rate_limits` table by rate-limiter-flexible's Drizzle store, one atomic upsert per check, so every process on the
 * database shares the counts. A key over its limit is also remembered in this process until its window ends, so a
 * flood costs no further database writes.
 */
export type LimitName = 'api_token' | 'api_address' | 'pdf_user' | 'pdf_address';

/** Requests per minute for each limit; 0 switches that limit off. */
export type RateLimits = Record<LimitName, number>;

const WINDOW_SECONDS = 60;

const limiters = new WeakMap<Database, Map<string, RateLimiterDrizzle>>();

function limiterFor(db: Database, name: LimitName, points: number): RateLimiterDrizzle {
  let byName = limiters.get(db);
  if (!byName) limiters.set(db, (byName = new Map()));
  const id = `${name}:${points}`;
  let limiter = byName.get(id);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({
      // Counts are written without waiting for the disk (db/client.ts, COUNTER_POOL_MAX).
      storeClient: counterDatabase(db),
      schema: rateLimits,
      keyPrefix: name,
      points,
      duration: WINDOW_SECONDS,
      inMemoryBlockOnConsumed: points + 1,
      // The purge (models/purge.server.ts) deletes finished windows for every table at once.
      clearExpiredByTimeout: false,
    });
    byName.set(id, limiter);
  }
  return limiter;
}

export type LimitFormat = 'json' | 'text';

/** A 429 answer: Retry-After in whole seconds, the API's error shape (or a sentence for a page's PDF link). */
export function rateLimitedResponse(opts: { limit: LimitName; retryAfterSeconds: number; message: string; format: LimitFormat }): Response {
  const headers = { 'Cache-Control': 'no-store', 'Retry-After': String(opts.retryAfterSeconds) };
  if (opts.format === 'text')
    return new Response(`${opts.message}\n`, { status: 429, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  const requestId = currentRequestId();
  return Response.json(
    {
      error: {
        code: 'rate_limited',
        message: opts.message,
        limit: opts.limit,
        retryAfterSeconds: opts.retryAfterSeconds,
        ...(requestId ? { requestId } : {}),
      },
    },
    { status: 429, headers },
  );
}

const MESSAGES: Record<LimitName, (n: number) => string> = {
  api_token: (n) => `This API token made more than ${n} requests in a minute.`,
  api_address: (n) => `More than ${n} API requests came from your address in a minute.`,
  pdf_user: (n) => `You asked for more than ${n} PDF exports in a minute.`,
  pdf_address: (n) => `More than ${n} PDF exports were asked for from your address in a minute.`,
};

/**
 * Count one request against `key` under `name`; when that is over the limit, throw the 429 answer (a thrown Response
 * is what loaders and the API wrapper return as is). No limits in the context (the in-process test harness, the CLI):
 * nothing is counted. If the store fails, the request goes ahead and the failure is logged: a limit must not turn a
 * database hiccup into refusals.
 */
export async function enforceRateLimit(
  context: AppLoadContext,
  opts: { name: LimitName; key: string; format: LimitFormat },
): Promise<void> {
  const points = context.config.rateLimits?.[opts.name] ?? 0;
  if (points <= 0) return;
  try {
    await limiterFor(context.db, opts.name, points).consume(opts.key.slice(0, 200));
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) {
      logError(`The ${opts.name} rate limit could not be checked`, e);
      return;
    }
    rateLimitedTotal.inc({ limit: opts.name });
    const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw rateLimitedResponse({
      limit: opts.name,
      retryAfterSeconds,
      message: `${MESSAGES[opts.name](points)} Try again in ${retryAfterSeconds} s.`,
      format: opts.format,
    });
  }
}

/** An API token as a rate-limit key: a hash, so the counters table never holds a usable token. */
export const tokenKey = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 32);

/**
 * A PDF export (document or digest, stored or rendered): counted for the user and for the client's address, both
 * upserts side by side (one round trip's wait, not two). The address limit is answered first; a request refused for
 * its address still counts for its user, as a refused API request counts for its token.
 */
export async function enforcePdfExportLimits(
  context: AppLoadContext,
  opts: { userId: string; address: string; format: LimitFormat },
): Promise<void> {
  const [address, user] = await Promise.allSettled([
    enforceRateLimit(context, { name: 'pdf_address', key: opts.address, format: opts.format }),
    enforceRateLimit(context, { name: 'pdf_user', key: opts.userId, format: opts.format }),
  ]);
  if (address.status === 'rejected') throw address.reason;
  if (user.status === 'rejected') throw user.reason;
}
