import { eq, sql } from 'drizzle-orm';
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

/** Milliseconds until any of the keys may try again (0 when none is locked). */
export async function throttleWaitMs(db: Database, keys: string[], now = new Date()): Promise<number> {
  let wait = 0;
  for (const key of keys) {
    const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
    if (row?.lockedUntil && row.lockedUntil > now && now.getTime() - row.lastFailureAt.getTime() < THROTTLE.windowMs) wait = Math.max(wait, row.lockedUntil.getTime() - now.getTime());
  }
  return wait;
}

/** Count one failure against a key (atomically, so parallel attempts all count) and set its lock. */
export async function recordThrottleFailure(db: Database, key: string, free: number, now = new Date()): Promise<{ failures: number; lockedUntil: Date | null }> {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1, lastFailureAt: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${loginThrottles.lastFailureAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${loginThrottles.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: loginThrottles.failures });
  const delay = backoffMs(row.failures, free);
  const lockedUntil = delay ? new Date(now.getTime() + delay) : null;
  await db.update(loginThrottles).set({ lockedUntil }).where(eq(loginThrottles.key, key));
  return { failures: row.failures, lockedUntil };
}

/** A successful sign-in clears the account's count (the address keeps its own, so one good account cannot reset it). */
export async function clearThrottle(db: Database, key: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
}
