/**
 * The launch calendar feed (issue 11 item 6): every user may have one secret key; /launches.ics?key=… serves the
 * launches that user may read as iCalendar (RFC 5545). Only the key's SHA-256 is stored, so a key is shown once,
 * when it is made; rotating replaces it and the old URL stops working.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { calendarKeys, documents, users } from '../../db/schema';
import { documentAccess } from '~/models/access.server';
import { recordAudit } from '~/models/audit.server';
import type { Actor } from '~/models/types';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** When the actor's current key was made, or null when there is none. */
export async function getCalendarKeyInfo(db: Database, opts: { actor: Actor }): Promise<{ createdAt: string } | null> {
  const [row] = await db.select({ at: calendarKeys.createdAt }).from(calendarKeys).where(eq(calendarKeys.userId, opts.actor.id));
  return row ? { createdAt: row.at.toISOString() } : null;
}

/** Make a new key for the actor (replacing any earlier one); the key itself is returned only here. */
export async function rotateCalendarKey(db: Database, opts: { actor: Actor; now: Date }): Promise<string> {
  const key = randomBytes(24).toString('base64url');
  await db.transaction(async (tx) => {
    await tx
      .insert(calendarKeys)
      .values({ userId: opts.actor.id, keyHash: hashKey(key), createdAt: opts.now })
      .onConflictDoUpdate({ target: calendarKeys.userId, set: { keyHash: hashKey(key), createdAt: opts.now } });
    await recordAudit(tx, { actor: opts.actor, action: 'calendar_key.rotated', targetType: 'user', targetId: opts.actor.id });
  });
  return key;
}

/** The active user a feed key belongs to, or null (unknown key, disabled user). */
export async function actorOfCalendarKey(db: Database, key: string): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{16,100}$/.test(key)) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabledAt: users.disabledAt })
    .from(calendarKeys)
    .innerJoin(users, eq(users.id, calendarKeys.userId))
    .where(eq(calendarKeys.keyHash, hashKey(key)));
  if (!row || row.disabledAt) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, via: 'token' };
}

export type CalendarLaunch = {
  id: string;
  title: string;
  service: string | null;
  launchAt: Date;
  updatedAt: Date;
  decision: string | null;
};

/** How many launches a feed carries (the latest by launch time). */
const FEED_LIMIT = 500;

/** Launches with a launch time that the actor may read, latest first (bounded). */
export async function listCalendarLaunches(db: Database, opts: { actor: Actor }): Promise<CalendarLaunch[]> {
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      service: documents.service,
      launchAt: documents.launchAt,
      updatedAt: documents.updatedAt,
      decision: documents.decision,
    })
    .from(documents)
    .where(and(eq(documents.kind, 'checklist'), isNotNull(documents.launchAt), documentAccess(opts.actor)))
    .orderBy(desc(documents.launchAt), asc(documents.id))
    .limit(FEED_LIMIT);
  return rows.map((r) => ({ ...r, launchAt: r.launchAt as Date }));
}
