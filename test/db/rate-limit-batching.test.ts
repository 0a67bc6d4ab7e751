// Rate-limit counts far from the limit are kept in memory and written in batches; near the limit every check waits for
// the shared total (app/lib/rate-limit.server.ts BatchedLimiter). Two limiters on one database stand for two server
// processes, as the store is all they share.
import { eq } from 'drizzle-orm';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { expect, it, vi } from 'vitest';
import { createSharedLimiter } from '../../app/lib/rate-limit.server';
import type { Database } from '../../db/client';
import { rateLimits } from '../../db/schema';
import { describeEachBackend } from '../helpers/db';

/** What the shared store holds for a key (null: no row yet). */
const stored = async (db: Database, key: string) =>
  (await db.select({ points: rateLimits.points }).from(rateLimits).where(eq(rateLimits.key, key)))[0]?.points ?? null;

/** 'ok' or 'refused' for each of `n` checks, in order. */
async function checks(limiter: { consume: (k: string) => Promise<void> }, key: string, n = 1): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await limiter.consume(key).then(
        () => 'ok',
        (e) => {
          if (!(e instanceof RateLimiterRes)) throw e;
          return 'refused';
        },
      ),
    );
  return out;
}

describeEachBackend('rate limits counted in memory far from the limit, shared near it', (use) => {
  // A long flush interval: only the explicit flush() writes the in-memory counts in these tests.
  const HOUR = 3_600_000;

  it('far from the limit a check writes nothing at once; the batch is one write of all of them', async () => {
    const limiter = createSharedLimiter(use(), 'api_token', 100, HOUR);
    expect(await checks(limiter, 'far', 10)).toEqual(Array(10).fill('ok'));
    expect(await stored(use(), 'api_token:far')).toBeNull();
    await limiter.flush();
    expect(await stored(use(), 'api_token:far')).toBe(10);
  });

  it('a small limit is counted in the store before each answer', async () => {
    const limiter = createSharedLimiter(use(), 'api_token', 4, HOUR);
    expect(await checks(limiter, 'small')).toEqual(['ok']);
    expect(await stored(use(), 'api_token:small')).toBe(1);
  });

  it('one process: exactly the limit goes through, the next is refused with the time left in the window', async () => {
    const limiter = createSharedLimiter(use(), 'api_token', 4, HOUR);
    expect(await checks(limiter, 'one', 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    let refusal: unknown;
    await limiter.consume('one').catch((e) => (refusal = e));
    expect(refusal).toBeInstanceOf(RateLimiterRes);
    const res = refusal as RateLimiterRes;
    expect(res.msBeforeNext).toBeGreaterThan(0);
    expect(res.msBeforeNext).toBeLessThanOrEqual(60_000);
    // Near the limit each check was written before it was answered: the store holds every request, the refused one too.
    expect(await stored(use(), 'api_token:one')).toBe(5);
    // Refused again from memory, without a write.
    expect(await checks(limiter, 'one')).toEqual(['refused']);
    expect(await stored(use(), 'api_token:one')).toBe(5);
  });

  it("two processes share the count: a key's fifth request is refused on either", async () => {
    const [a, b] = [createSharedLimiter(use(), 'api_token', 4, HOUR), createSharedLimiter(use(), 'api_token', 4, HOUR)];
    const answers = [];
    for (const p of [a, b, a, b]) answers.push(...(await checks(p, 'two')));
    expect(answers).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(await checks(a, 'two')).toEqual(['refused']);
    expect(await checks(b, 'two')).toEqual(['refused']);
  });

  it('a flood spread over two processes is held within the limit plus the in-memory share of the other process', async () => {
    const points = 20;
    const [a, b] = [createSharedLimiter(use(), 'pdf_user', points, HOUR), createSharedLimiter(use(), 'pdf_user', points, HOUR)];
    let ok = 0;
    for (let i = 0; i < 100; i++) if ((await checks(i % 2 ? a : b, 'flood'))[0] === 'ok') ok++;
    expect(ok).toBeGreaterThanOrEqual(points);
    expect(ok).toBeLessThanOrEqual(points * 1.5);
    await Promise.all([a.flush(), b.flush()]);
    expect(await stored(use(), 'pdf_user:flood')).toBeGreaterThan(points);
  });

  it('a key is forgotten by the timer once its window has ended, whatever the limit', async () => {
    // A short interval, so the timer itself runs; only the clock is moved (the database's own timers keep running).
    const limiter = createSharedLimiter(use(), 'api_address', 4, 20);
    expect(await checks(limiter, 'first')).toEqual(['ok']);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect(await checks(limiter, 'second')).toEqual(['ok']);
      await vi.waitFor(() => expect(limiter.size).toBe(1), { timeout: 10_000, interval: 20 });
    } finally {
      vi.useRealTimers();
    }
  });
});
