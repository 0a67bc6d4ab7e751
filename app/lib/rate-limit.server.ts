import { createHash } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { counterDatabase, type Database } from '../../db/client';
import { rateLimits } from '../../db/schema';
import { currentRequestId, logError } from '~/lib/log.server';
import { rateLimitedTotal } from '~/lib/metrics.server';

/**
 * Shared request-rate limits (docs/decisions/010-logs-metrics-limits.md): fixed one-minute windows counted in the
 * `rate_limits` table by rate-limiter-flexible's Drizzle store (an atomic upsert), so every process on the database
 * shares the counts. Far from its limit a key is counted in memory and written in batches; near it every check waits
 * for the shared total (BatchedLimiter, docs/decisions/035). A key over its limit is remembered in this process until
 * its window ends, so a flood costs no further database writes.
 */
export type LimitName = 'api_token' | 'api_address' | 'pdf_user' | 'pdf_address';

/** Requests per minute for each limit; 0 switches that limit off. */
export type RateLimits = Record<LimitName, number>;

const WINDOW_SECONDS = 60;

/**
 * While a key's count as this process knows it (the shared total at its last write, plus what this process let through
 * since) stays within this share of the limit (of LOCAL_MIN_POINTS or more), a request is let through at once and counted in memory; the counts are
 * written to the shared store every FLUSH_MS, one upsert per key. Past it, every check waits for the store, with this
 * process's unwritten counts included, so the decision near the limit is made on the shared total
 * (docs/decisions/035-pdf-repeat-path-one-statement.md).
 */
const LOCAL_SHARE = 0.5;
/**
 * Limits below this many requests a minute are counted in the store on every check: a small limit is a quota where one
 * request too many matters, and its key's requests are too few for their writes to cost much.
 */
export const LOCAL_MIN_POINTS = 10;
/** How often counts let through in memory are written to the shared store. */
export const FLUSH_MS = 250;

type KeyCount = {
  /** The shared total the store last answered (0: none in this window yet). */
  known: number;
  /** When the store's window for the key ends (epoch ms; 0: not known). */
  windowEnd: number;
  /** Requests let through in memory and not yet written. */
  pending: number;
  /** The write of earlier pending counts, while it runs. */
  writing: Promise<void> | null;
};

/**
 * One limit's counts: the shared store (rate-limiter-flexible's Drizzle store, one atomic upsert per write) in front of
 * which requests far from the limit are counted in memory and written in batches, so most requests wait for no write.
 */
export class BatchedLimiter {
  private readonly keys = new Map<string, KeyCount>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Pick<RateLimiterDrizzle, 'consume'>,
    readonly points: number,
    private readonly flushMs = FLUSH_MS,
  ) {}

  /** Counts one request; resolves when it may go ahead, rejects with the store's RateLimiterRes when it is over. */
  async consume(key: string): Promise<void> {
    const now = Date.now();
    let count = this.keys.get(key);
    if (!count) {
      this.keys.set(key, (count = { known: 0, windowEnd: 0, pending: 0, writing: null }));
      // The next flush also forgets keys whose window has ended, so the map holds about a minute's keys.
      this.schedule();
    }
    if (count.windowEnd && now >= count.windowEnd) {
      count.known = 0;
      count.windowEnd = 0;
    }
    if (count.windowEnd && count.known > this.points) throw refusal(count.known, count.windowEnd - now, this.points);
    if (this.points >= LOCAL_MIN_POINTS && count.known + count.pending + 1 <= this.points * LOCAL_SHARE) {
      count.pending++;
      this.schedule();
      return;
    }
    // Near the limit: the decision waits for the shared total, this process's earlier counts written first.
    while (count.writing) await count.writing;
    const n = count.pending + 1;
    count.pending = 0;
    await this.write(key, count, n, true);
  }

  /** Keys this process holds counts or a known window for. */
  get size(): number {
    return this.keys.size;
  }

  /** Writes every key's pending counts now, and forgets keys whose window has ended (the timer; tests). */
  async flush(): Promise<void> {
    this.timer = null;
    const writes: Promise<void>[] = [];
    const now = Date.now();
    for (const [key, count] of this.keys) {
      if (count.pending && !count.writing) {
        const n = count.pending;
        count.pending = 0;
        writes.push(this.write(key, count, n, false));
      } else if (!count.pending && !count.writing && (!count.windowEnd || now >= count.windowEnd)) this.keys.delete(key);
    }
    if ([...this.keys.values()].some((c) => c.pending)) this.schedule();
    await Promise.all(writes);
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Adds `n` to the shared count; a refusal is thrown only to a caller that waits for it (`decide`). */
  private async write(key: string, count: KeyCount, n: number, decide: boolean): Promise<void> {
    const learn = (res: RateLimiterRes) => {
      count.known = res.consumedPoints;
      count.windowEnd = res.msBeforeNext > 0 ? Date.now() + res.msBeforeNext : 0;
    };
    const writing = this.store.consume(key, n).then(learn, (e: unknown) => {
      if (!(e instanceof RateLimiterRes)) throw e;
      learn(e);
      if (decide) throw e;
    });
    const settled = writing.catch(() => {});
    count.writing = settled;
    try {
      if (decide) await writing;
      else await writing.catch((e) => logError(`A rate-limit count (${n}) could not be written`, e));
    } finally {
      if (count.writing === settled) count.writing = null;
    }
  }
}

/** A refusal from what this process knows (the shared total over the limit until the window ends). */
function refusal(consumed: number, msBeforeNext: number, points: number): RateLimiterRes {
  return new RateLimiterRes(Math.max(points - consumed, 0), Math.max(msBeforeNext, 0), consumed, false);
}

/** One limit's counter over the shared store of `db` (each process has one per limit; tests make several). */
export function createSharedLimiter(db: Database, name: LimitName, points: number, flushMs = FLUSH_MS): BatchedLimiter {
  const store = new RateLimiterDrizzle({
    // Counts are written without waiting for the disk (db/client.ts, COUNTER_POOL_MAX).
    storeClient: counterDatabase(db),
    schema: rateLimits,
    keyPrefix: name,
    points,
    duration: WINDOW_SECONDS,
    // The purge (models/purge.server.ts) deletes finished windows for every table at once.
    clearExpiredByTimeout: false,
  });
  return new BatchedLimiter(store, points, flushMs);
}

const limiters = new WeakMap<Database, Map<string, BatchedLimiter>>();

function limiterFor(db: Database, name: LimitName, points: number): BatchedLimiter {
  let byName = limiters.get(db);
  if (!byName) limiters.set(db, (byName = new Map()));
  const id = `${name}:${points}`;
  let limiter = byName.get(id);
  if (!limiter) byName.set(id, (limiter = createSharedLimiter(db, name, points)));
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
