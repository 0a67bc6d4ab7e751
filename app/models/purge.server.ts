import { and, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { loginThrottles, rateLimits, sessions } from '../../db/schema';
import { logError } from '~/lib/log.server';
import { purgedRowsTotal } from '~/lib/metrics.server';
import { THROTTLE } from '~/models/throttle.server';

export type Purged = { sessions: number; loginThrottles: number; rateLimits: number };

/**
 * Delete rows nobody will read again: sessions past their expiry, sign-in throttle rows whose failures are forgotten
 * (older than the throttle window) and not locked, rate-limit counters whose window ended. Every process runs it; the
 * deletes are idempotent, so processes sharing a database need no coordination.
 */
export async function purgeExpiredRows(db: Database, now = new Date()): Promise<Purged> {
  const forgotten = new Date(now.getTime() - THROTTLE.windowMs);
  const s = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  const t = await db
    .delete(loginThrottles)
    .where(and(lt(loginThrottles.lastFailureAt, forgotten), or(isNull(loginThrottles.lockedUntil), lt(loginThrottles.lockedUntil, now))))
    .returning({ key: loginThrottles.key });
  const r = await db.delete(rateLimits).where(lt(rateLimits.expire, now)).returning({ key: rateLimits.key });
  const purged = { sessions: s.length, loginThrottles: t.length, rateLimits: r.length };
  purgedRowsTotal.inc({ table: 'sessions' }, purged.sessions);
  purgedRowsTotal.inc({ table: 'login_throttles' }, purged.loginThrottles);
  purgedRowsTotal.inc({ table: 'rate_limits' }, purged.rateLimits);
  return purged;
}

/** Purge now and then every `intervalSeconds`; returns the function that stops it (server shutdown). */
export function startPurgeSchedule(db: Database, intervalSeconds: number): () => void {
  const run = () => purgeExpiredRows(db).catch((e) => logError('Purging expired rows failed', e));
  void run();
  const timer = setInterval(run, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
