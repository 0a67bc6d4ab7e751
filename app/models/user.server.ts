import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { and, count, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { Database } from '../../db/client';
import { ROLES, apiTokens, sessions, users } from '../../db/schema';
import { HttpError, notFound, validationError } from '~/lib/errors.server';
import { recordAudit } from '~/models/audit.server';
import type { Actor, Role } from '~/models/types';

const scryptRaw = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

/**
 * scrypt runs on libuv's thread pool (4 threads), which also compresses every response and does
 * file I/O. Unbounded, a burst of sign-ins queued every other request behind seconds of hashing
 * (fuzzed form posts to /actions, /docs/:id, /admin/users took over 5 s): at most two hashes run
 * at once, the rest wait their turn here instead of in the pool.
 */
const SCRYPT_SLOTS = 2;
let scryptRunning = 0;
const scryptWaiting: (() => void)[] = [];
async function scrypt(pw: string, salt: Buffer, len: number, opts: object): Promise<Buffer> {
  if (scryptRunning >= SCRYPT_SLOTS) await new Promise<void>((resolve) => scryptWaiting.push(resolve));
  else scryptRunning++;
  try {
    return await scryptRaw(pw, salt, len, opts);
  } finally {
    const next = scryptWaiting.shift();
    if (next) next();
    else scryptRunning--;
  }
}
const N = 16384;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$8$1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // Without a stored hash, still spend the time so response timing does not reveal which accounts exist.
  const [scheme, n, r, p, salt, hash] = (stored ?? `scrypt$${N}$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`).split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return stored !== null && got.length === expected.length && timingSafeEqual(got, expected);
}

export const PasswordSchema = safeText().min(10, 'use at least 10 characters').max(200, 'use at most 200 characters');
export const EmailSchema = safeText().trim().toLowerCase().email('enter an email address like ada@example.com').max(254);

export const CreateUserSchema = z.object({
  email: EmailSchema,
  name: safeText().trim().max(200, 'use at most 200 characters').default(''),
  role: z.enum(ROLES, 'choose viewer, editor or admin'),
  password: PasswordSchema.optional(),
});

/** Who made a change from the command line (no user row behind it). */
export const CLI_ACTOR: Actor = { id: 'cli', email: 'cli', name: 'command line', role: 'admin', via: 'system' };

type AuditOpts = { actor?: Actor | null; ip?: string | null };

export function toActor(
  u: Pick<typeof users.$inferSelect, 'id' | 'email' | 'name' | 'role'>,
  via: Actor['via'] = 'session',
  tokenId?: string,
): Actor {
  return { id: u.id, email: u.email, name: u.name || u.email, role: u.role, via, ...(tokenId ? { tokenId } : {}) };
}

/** A new user; records `user.created` when an actor is given (seeds and test factories pass none). */
export async function createUser(
  db: Database,
  input: z.input<typeof CreateUserSchema>,
  opts: AuditOpts & { details?: Record<string, unknown> } = {},
) {
  const r = CreateUserSchema.safeParse(input);
  if (!r.success) throw validationError(r.error);
  const { email, name, role, password } = r.data;
  const passwordHash = password ? await hashPassword(password) : null;
  return db.transaction(async (tx) => {
    const rows = await tx.insert(users).values({ id: randomUUID(), email, name, role, passwordHash }).onConflictDoNothing().returning();
    if (!rows.length)
      throw new HttpError(409, 'conflict', `A user with the email ${email} already exists.`, [
        { path: ['email'], message: 'already in use' },
      ]);
    if (opts.actor !== undefined)
      await recordAudit(tx, {
        actor: opts.actor,
        action: 'user.created',
        targetType: 'user',
        targetId: rows[0].id,
        ip: opts.ip,
        details: { email, role, ...opts.details },
      });
    return rows[0];
  });
}

export async function getUserByEmail(db: Database, email: string) {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return u;
}

export async function getUserById(db: Database, id: string) {
  if (!z.uuid().safeParse(id).success) return undefined;
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}

export async function countUsers(db: Database): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return Number(n);
}

/** Whether an active admin exists: the first-run /setup page is offered only while none does. */
export async function adminExists(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .limit(1);
  return !!row;
}

/**
 * First-run setup: create the admin only while no admin exists. The check and the insert run in
 * one transaction under an advisory lock, so two racing setup forms cannot both succeed.
 */
export async function createFirstAdmin(
  db: Database,
  input: { email: string; name?: string; password: string },
  opts: { ip?: string | null } = {},
) {
  const r = CreateUserSchema.safeParse({ ...input, role: 'admin' });
  if (!r.success) throw validationError(r.error);
  if (!r.data.password)
    throw validationError(new z.ZodError([{ code: 'custom', path: ['password'], message: 'choose a password', input: '' }]));
  const passwordHash = await hashPassword(r.data.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7406153)`);
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
      .limit(1);
    if (existing) throw new HttpError(409, 'setup_done', 'Kaizen already has an admin; sign in instead.');
    const rows = await tx
      .insert(users)
      .values({ id: randomUUID(), email: r.data.email, name: r.data.name, role: 'admin', passwordHash })
      .onConflictDoNothing()
      .returning();
    if (!rows.length)
      throw new HttpError(409, 'conflict', `A user with the email ${r.data.email} already exists.`, [
        { path: ['email'], message: 'already in use' },
      ]);
    await recordAudit(tx, {
      actor: toActor(rows[0]),
      action: 'user.created',
      targetType: 'user',
      targetId: rows[0].id,
      ip: opts.ip,
      details: { email: r.data.email, role: 'admin', via: 'setup' },
    });
    return rows[0];
  });
}

export type UserListItem = {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
  hasPassword: boolean;
};

export async function listUsers(
  db: Database,
  opts: { limit?: number; offset?: number } = {},
): Promise<{ items: UserListItem[]; total: number }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await db
    .select()
    .from(users)
    .orderBy(users.email)
    .limit(limit)
    .offset(Math.max(opts.offset ?? 0, 0));
  const [{ n }] = await db.select({ n: count() }).from(users);
  return {
    items: rows.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      createdAt: u.createdAt.toISOString(),
      disabledAt: u.disabledAt?.toISOString() ?? null,
      hasPassword: !!u.passwordHash,
    })),
    total: Number(n),
  };
}

async function otherActiveAdmins(tx: Pick<Database, 'select'>, exceptId: string): Promise<number> {
  const [{ n }] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, exceptId)));
  return Number(n);
}

const LAST_ADMIN = 'This is the last active admin; make someone else an admin first.';

export async function changeUserRole(db: Database, opts: { actor: Actor; id: string; role: unknown; ip?: string | null }) {
  const role = z.enum(ROLES, 'choose viewer, editor or admin').safeParse(opts.role);
  if (!role.success) throw validationError(role.error, ['role']);
  const user = await getUserById(db, opts.id);
  if (!user) throw notFound('No such user.');
  if (user.role === role.data) return user;
  return db.transaction(async (tx) => {
    if (user.role === 'admin' && (await otherActiveAdmins(tx, user.id)) === 0)
      throw new HttpError(409, 'last_admin', LAST_ADMIN, [{ path: ['role'], message: LAST_ADMIN }]);
    const [row] = await tx.update(users).set({ role: role.data, updatedAt: new Date() }).where(eq(users.id, user.id)).returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'user.role_changed',
      targetType: 'user',
      targetId: user.id,
      ip: opts.ip,
      details: { email: user.email, from: user.role, to: role.data },
    });
    return row;
  });
}

/** Disable (sessions end at once, tokens stop working) or enable an account. */
export async function setUserDisabled(db: Database, opts: { actor: Actor; id: string; disabled: boolean; ip?: string | null }) {
  const user = await getUserById(db, opts.id);
  if (!user) throw notFound('No such user.');
  return db.transaction(async (tx) => {
    if (opts.disabled && user.role === 'admin' && !user.disabledAt && (await otherActiveAdmins(tx, user.id)) === 0)
      throw new HttpError(409, 'last_admin', LAST_ADMIN);
    const [row] = await tx
      .update(users)
      .set({ disabledAt: opts.disabled ? new Date() : null, updatedAt: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    if (opts.disabled) await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await recordAudit(tx, {
      actor: opts.actor,
      action: opts.disabled ? 'user.disabled' : 'user.enabled',
      targetType: 'user',
      targetId: user.id,
      ip: opts.ip,
      details: { email: user.email },
    });
    return row;
  });
}

export const ChangePasswordSchema = z
  .object({ current: safeText().min(1, 'enter your current password').max(200), next: PasswordSchema, confirm: safeText() })
  .refine((v) => v.next === v.confirm, { path: ['confirm'], message: 'the two new passwords differ' });

/** Change the signed-in user's own password; every session of that user is revoked (the caller starts a new one). */
export async function changePassword(db: Database, opts: { actor: Actor; input: unknown; ip?: string | null }) {
  const r = ChangePasswordSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const user = await getUserById(db, opts.actor.id);
  if (!user || !(await verifyPassword(r.data.current, user.passwordHash)))
    throw new HttpError(400, 'invalid', 'The current password is not right.', [{ path: ['current'], message: 'not right' }]);
  const passwordHash = await hashPassword(r.data.next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await recordAudit(tx, { actor: opts.actor, action: 'auth.password_changed', targetType: 'user', targetId: user.id, ip: opts.ip });
  });
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The admin page's form for a new token (kept here: zod must not ship to the browser, where its eval probe breaks the CSP). */
export const CreateApiTokenSchema = z.object({
  email: safeText().trim().min(1, 'choose a user'),
  name: safeText().trim().min(1, 'name the token after what will use it').max(200, 'use at most 200 characters'),
});

/** A new API token: stored hashed, returned once. */
export async function createApiToken(
  db: Database,
  opts: { email: string; name?: string } & AuditOpts,
): Promise<{ id: string; token: string }> {
  const user = await getUserByEmail(db, opts.email);
  if (!user) throw notFound(`No user with the email ${opts.email}.`);
  if (user.disabledAt) throw new HttpError(409, 'disabled', `The user ${user.email} is disabled.`);
  const name = (opts.name ?? '').trim().slice(0, 200);
  const id = randomUUID();
  const token = `kzn_${randomBytes(32).toString('base64url')}`;
  await db.transaction(async (tx) => {
    await tx.insert(apiTokens).values({ id, userId: user.id, name, tokenHash: hashToken(token) });
    if (opts.actor !== undefined)
      await recordAudit(tx, {
        actor: opts.actor,
        action: 'token.created',
        targetType: 'api_token',
        targetId: id,
        ip: opts.ip,
        details: { user: user.email, name },
      });
  });
  return { id, token };
}

export async function revokeApiToken(db: Database, opts: { id: string } & AuditOpts): Promise<void> {
  if (!z.uuid().safeParse(opts.id).success) throw notFound(`No token with the id ${opts.id}.`);
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, opts.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (!rows.length) throw notFound(`No active token with the id ${opts.id}.`);
    if (opts.actor !== undefined)
      await recordAudit(tx, {
        actor: opts.actor,
        action: 'token.revoked',
        targetType: 'api_token',
        targetId: opts.id,
        ip: opts.ip,
        details: { name: rows[0].name },
      });
  });
}

export type TokenListItem = {
  id: string;
  name: string;
  userEmail: string;
  userRole: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export async function listApiTokens(
  db: Database,
  opts: { limit?: number; offset?: number } = {},
): Promise<{ items: TokenListItem[]; total: number }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await db
    .select({ t: apiTokens, email: users.email, role: users.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt), apiTokens.id)
    .limit(limit)
    .offset(Math.max(opts.offset ?? 0, 0));
  const [{ n }] = await db.select({ n: count() }).from(apiTokens);
  return {
    items: rows.map(({ t, email, role }) => ({
      id: t.id,
      name: t.name,
      userEmail: email,
      userRole: role,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
    total: Number(n),
  };
}

/** A token's `lastUsedAt` is written at most once per this interval. */
export const TOKEN_LAST_USED_RESOLUTION_MS = 60_000;

/** The token look-up of every API request, built once per database handle (drizzle builds a query's SQL on each call). */
const tokenLookup = (db: Database) =>
  db
    .select({ u: users, t: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt), isNull(users.disabledAt)))
    .prepare('actor_for_token');
const tokenLookups = new WeakMap<Database, ReturnType<typeof tokenLookup>>();

export async function actorForToken(db: Database, token: string): Promise<Actor | null> {
  let lookup = tokenLookups.get(db);
  if (!lookup) tokenLookups.set(db, (lookup = tokenLookup(db)));
  const [row] = await lookup.execute({ hash: hashToken(token) });
  if (!row) return null;
  await noteTokenUse(db, row.t.id, row.t.lastUsedAt);
  return toActor(row.u, 'token', row.t.id);
}

/** Records that a token was used, when its "last used" is a minute old or more. */
export async function noteTokenUse(db: Database, tokenId: string, lastUsedAt: Date | null): Promise<void> {
  // "Last used" is shown to the minute (admin tokens page): writing it on every request cost each API call a commit.
  const now = new Date();
  if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() >= TOKEN_LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
  }
}

export const roleAtLeast = (role: Role, min: Role) => ROLES.indexOf(role) >= ROLES.indexOf(min);
