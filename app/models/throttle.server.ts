import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { loginThrottles } from '../../db/schema';

/**
 * Sign-in throttling with exponential backoff, kept in the database so every app instance sees
 * the same counts. Two keys per attempt: the account (its lower-cased email, whether or not it
 * exists, so a lock says nothing about existence) and the client address. An address gets more
 * free failures than an account because many people can share one (an office NAT).
 */
export const THROTTLE = {
  account: { free: 4 },
  address: { free: 20 },
  /** Failures older than this are forgotten. */
  windowMs: 60 * 60_000,
  baseDelayMs: 2_000,
  maxDelayMs: 15 * 60_000,
} as const;

export const accountKey = (email: string) => `acct:${email.trim().toLowerCase().slice(0, 254)}`;
export const addressKey = (ip: string) => `ip:${ip.slice(0, 100)}`;

/** The wait after `failures` failures when `free` are allowed: 0, then 2 s, 4 s, 8 s, … up to 15 min. */
export function backoffMs(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(THROTTLE.baseDelayMs * 2 ** Math.min(failures - free - 1, 30), THROTTLE.maxDelayMs);
}

export type ThrottleKey = { key: string; free: number };

/**
 * Reserve one sign-in attempt against every key, atomically: under a row lock on the keys' rows
 * (taken in key order, so concurrent reservations cannot deadlock), an attempt is refused — and
 * not counted, so a lock cannot be stretched forever — while any key is locked; otherwise it is
 * counted as a failure *before* the password is checked, and the lock that count earns is set in
 * the same transaction. Parallel attempts, from one process or many sharing the server, are
 * therefore counted like sequential ones: of 100 sent at once, only the free ones plus one are
 * evaluated. A successful attempt gives its count back with {@link settleSignInAttempt}.
 */
export async function reserveSignInAttempt(
  db: Database,
  keys: ThrottleKey[],
  now = new Date(),
): Promise<{ allowed: true } | { allowed: false; waitMs: number }> {
  const names = [...new Set(keys.map((k) => k.key))].sort();
  // Rows must exist to be locked; a new key starts with no failures.
  await db
    .insert(loginThrottles)
    .values(names.map((key) => ({ key, failures: 0, lastFailureAt: new Date(0), lockedUntil: null })))
    .onConflictDoNothing();
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(loginThrottles)
      .where(inArray(loginThrottles.key, names))
      .orderBy(asc(loginThrottles.key))
      .for('update');
    let wait = 0;
    for (const row of rows)
      if (row.lockedUntil && row.lockedUntil > now && now.getTime() - row.lastFailureAt.getTime() < THROTTLE.windowMs)
        wait = Math.max(wait, row.lockedUntil.getTime() - now.getTime());
    if (wait > 0) return { allowed: false as const, waitMs: wait };
    for (const row of rows) {
      const free = keys.find((k) => k.key === row.key)!.free;
      const failures = (now.getTime() - row.lastFailureAt.getTime() >= THROTTLE.windowMs ? 0 : row.failures) + 1;
      const delay = backoffMs(failures, free);
      await tx
        .update(loginThrottles)
        .set({ failures, lastFailureAt: now, lockedUntil: delay ? new Date(now.getTime() + delay) : null })
        .where(eq(loginThrottles.key, row.key));
    }
    return { allowed: true as const };
  });
}

/**
 * After a successful sign-in: the account's count is cleared; the address gives back the one
 * failure its reservation counted (and the lock, if that count alone earned it), so an office
 * behind one NAT is not locked out by people signing in successfully.
 */
export async function settleSignInAttempt(db: Database, opts: { account: string; address: ThrottleKey }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(loginThrottles).where(eq(loginThrottles.key, opts.account));
    const [row] = await tx.select().from(loginThrottles).where(eq(loginThrottles.key, opts.address.key)).for('update');
    if (!row || row.failures <= 0) return;
    const failures = row.failures - 1;
    await tx
      .update(loginThrottles)
      .set({ failures, lockedUntil: backoffMs(failures, opts.address.free) ? row.lockedUntil : null })
      .where(eq(loginThrottles.key, row.key));
  });
}
