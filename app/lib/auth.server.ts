import { safeNext } from '~/lib/safe-next';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createCookie, data, redirect, type AppLoadContext } from '@remix-run/node';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { sessions, users } from '../../db/schema';
import { preparedQuery } from '../../db/prepared';
import { actorForToken, roleAtLeast, toActor } from '~/models/user.server';
import { recordAudit } from '~/models/audit.server';
import { unreadCountOf } from '~/models/notification.server';
import type { Actor, Role } from '~/models/types';
import { HttpError, forbidden, unauthorized } from '~/lib/errors.server';
import { enforceRateLimit, tokenKey } from '~/lib/rate-limit.server';

const SESSION_DAYS = 14;
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The client's address, for throttling and the audit log. server.mjs passes Express's `req.ip`
 * (which trusts X-Forwarded-For only from a loopback proxy); without it (tests driving the build
 * directly) the first X-Forwarded-For entry is used.
 */
export function clientIp(request: Request, context: AppLoadContext): string {
  const fromServer = (context as { clientIp?: unknown }).clientIp;
  if (typeof fromServer === 'string' && fromServer) return fromServer.slice(0, 100);
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim().slice(0, 100) || 'local';
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

function sessionCookie(context: AppLoadContext, request: Request) {
  return createCookie(isHttps(request) ? '__Host-kaizen_session' : 'kaizen_session', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isHttps(request),
    secrets: [context.config.sessionSecret],
    maxAge: SESSION_DAYS * 86400,
  });
}

/** `unread`: the person's unread inbox notices, counted up to 100 (the header's badge), read with the session. */
export type SessionInfo = { actor: Actor; sessionId: string; csrfToken: string; unread: number };

// A page request asks for its session in the root loader and again in the route's loader (Remix runs
// them side by side): one lookup answers both. Keyed by the request's load context, which server.mjs
// makes anew for every request, and by the Cookie header. Only for GET/HEAD: a form post's action may
// change the session or the user (sign-out, a new role, a disabled account) before the loaders run.
const sessionOfRequest = new WeakMap<AppLoadContext, { cookie: string | null; session: Promise<SessionInfo | null> }>();

/** The signed-in person for a page request, or null. Never reads API tokens. */
export function getSession(request: Request, context: AppLoadContext): Promise<SessionInfo | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return readSession(request, context);
  const cookie = request.headers.get('Cookie');
  const known = sessionOfRequest.get(context);
  if (known && known.cookie === cookie) return known.session;
  const session = readSession(request, context);
  sessionOfRequest.set(context, { cookie, session });
  return session;
}

async function readSession(request: Request, context: AppLoadContext): Promise<SessionInfo | null> {
  const raw = await sessionCookie(context, request).parse(request.headers.get('Cookie'));
  if (typeof raw !== 'string' || raw.length > 100) return null;
  const id = sha256(raw);
  // Every page asks this: one prepared statement answers the session, its user and the unread count.
  const [row] = await preparedQuery(context.db, 'session', (db) =>
    db
      .select({
        s: sessions,
        u: users,
        unread: unreadCountOf(users.id),
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now')), isNull(users.disabledAt)))
      .prepare('session'),
  ).execute({ id, now: new Date().toISOString() });
  return row ? { actor: toActor(row.u), sessionId: id, csrfToken: row.s.csrfToken, unread: row.unread } : null;
}

/** A fresh session (a new id at every sign-in, so a planted cookie is never promoted). Returns the Set-Cookie header. */
export async function startSession(request: Request, context: AppLoadContext, userId: string): Promise<string> {
  const raw = randomBytes(32).toString('base64url');
  await context.db.insert(sessions).values({
    id: sha256(raw),
    userId,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000),
    ip: clientIp(request, context),
    userAgent: request.headers.get('user-agent')?.slice(0, 300) ?? null,
  });
  return sessionCookie(context, request).serialize(raw);
}

export async function endSession(request: Request, context: AppLoadContext): Promise<string> {
  const s = await getSession(request, context);
  if (s) {
    await context.db.delete(sessions).where(eq(sessions.id, s.sessionId));
    await recordAudit(context.db, {
      actor: s.actor,
      action: 'auth.sign_out',
      targetType: 'user',
      targetId: s.actor.id,
      ip: clientIp(request, context),
    });
  }
  return sessionCookie(context, request).serialize('', { maxAge: 0 });
}

export async function revokeUserSessions(context: AppLoadContext, userId: string): Promise<void> {
  await context.db.delete(sessions).where(eq(sessions.userId, userId));
}

/** For loaders: the signed-in actor with at least `role`, else a redirect to sign-in (or 403). */
export async function requireSession(request: Request, context: AppLoadContext, role: Role = 'viewer'): Promise<SessionInfo> {
  const s = await getSession(request, context);
  if (!s) {
    const url = new URL(request.url);
    // Only a `next` that safeNext would accept (a huge query would make the Location header
    // larger than clients accept); otherwise the path alone, or nothing.
    const next = [url.pathname + url.search, url.pathname].find((p) => safeNext(p) === p);
    throw redirect(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  }
  if (!roleAtLeast(s.actor.role, role))
    throw pageError(forbidden(`This page needs the ${role} role; you are signed in as ${s.actor.role}.`));
  return s;
}

/** Pages answer with a thrown Response (shown by the ErrorBoundary); a thrown HttpError would be a 500 there. */
const pageError = (e: HttpError) => data(e.toJSON(), { status: e.status });

/**
 * For actions: the signed-in actor, after the cross-site checks (the request's Origin or Referer
 * must be this site, and the form must carry the session's CSRF token). Returns the parsed form.
 */
export async function requireFormSession(
  request: Request,
  context: AppLoadContext,
  role: Role = 'editor',
): Promise<SessionInfo & { form: FormData }> {
  const s = await requireSession(request, context, role);
  try {
    assertSameOrigin(request);
  } catch (e) {
    throw e instanceof HttpError ? pageError(e) : e;
  }
  const form = await request.formData().catch(() => {
    throw pageError(new HttpError(400, 'invalid', 'The form could not be read.'));
  });
  const sent = form.get('csrf');
  if (typeof sent !== 'string' || !safeEqual(sent, s.csrfToken))
    throw pageError(new HttpError(403, 'csrf', 'This form has expired or did not come from Kaizen. Reload the page and try again.'));
  return { ...s, form };
}

export function assertSameOrigin(request: Request): void {
  const self = new URL(request.url);
  const origin = request.headers.get('origin') ?? request.headers.get('referer');
  if (!origin) return; // Non-browser clients send neither; the CSRF token still applies.
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    throw new HttpError(403, 'csrf', 'Cross-site form posts are refused.');
  }
  if (o.host !== self.host) throw new HttpError(403, 'csrf', 'Cross-site form posts are refused.');
}

/** For /api/v1: a Bearer token only (cookies are ignored), with at least `role`. */
export async function requireApiActor(request: Request, context: AppLoadContext, role: Role = 'viewer'): Promise<Actor> {
  return (await requireApiActorWith(request, context, role, async (db, token) => ({ actor: await actorForToken(db, token) }))).actor;
}

/**
 * requireApiActor with the token read by `lookup`, which may read more in the same statement (the repeat PDF download
 * reads the stored PDF with the token): its answer, with an actor, or 401 when it finds none.
 */
export async function requireApiActorWith<T extends { actor: Actor | null }>(
  request: Request,
  context: AppLoadContext,
  role: Role,
  lookup: (db: AppLoadContext['db'], token: string) => Promise<T | null>,
): Promise<T & { actor: Actor }> {
  const header = request.headers.get('authorization') ?? '';
  const m = /^Bearer\s+(\S{10,200})$/i.exec(header.trim());
  // The address and token counts and the token lookup run side by side (one round trip's wait, not three). The
  // address limit is answered first, so guessing tokens is limited too; the token is counted by its hash, valid or not.
  const [address, token, found] = await Promise.allSettled([
    enforceRateLimit(context, { name: 'api_address', key: clientIp(request, context), format: 'json' }),
    m ? enforceRateLimit(context, { name: 'api_token', key: tokenKey(m[1]), format: 'json' }) : Promise.resolve(),
    m ? lookup(context.db, m[1]) : Promise.resolve(null),
  ]);
  if (address.status === 'rejected') throw address.reason;
  if (!m) throw unauthorized('Send an API token as "Authorization: Bearer <token>".');
  if (found.status === 'rejected') throw found.reason;
  const answer = found.value;
  const actor = answer?.actor;
  if (!answer || !actor) throw unauthorized('The API token is not valid or was revoked.');
  if (token.status === 'rejected') throw token.reason;
  if (!roleAtLeast(actor.role, role)) throw forbidden(`This needs the ${role} role; the token's user is ${actor.role}.`);
  return answer as T & { actor: Actor };
}
