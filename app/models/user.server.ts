import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { ROLES, apiTokens, users } from '../../db/schema';
import { HttpError, notFound, validationError } from '../lib/errors.server';
import type { Actor, Role } from './types';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
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
  const got = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return stored !== null && got.length === expected.length && timingSafeEqual(got, expected);
}

export const PasswordSchema = z.string().min(10, 'use at least 10 characters').max(200, 'use at most 200 characters');
export const EmailSchema = z.string().trim().toLowerCase().email('enter an email address like ada@example.com').max(254);

export const CreateUserSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().max(200).default(''),
  role: z.enum(ROLES),
  password: PasswordSchema.optional(),
});

export function toActor(u: typeof users.$inferSelect, via: Actor['via'] = 'session', tokenId?: string): Actor {
  return { id: u.id, email: u.email, name: u.name || u.email, role: u.role, via, ...(tokenId ? { tokenId } : {}) };
}

export async function createUser(db: Database, input: z.input<typeof CreateUserSchema>) {
  const r = CreateUserSchema.safeParse(input);
  if (!r.success) throw validationError(r.error);
  const { email, name, role, password } = r.data;
  const passwordHash = password ? await hashPassword(password) : null;
  const rows = await db.insert(users).values({ id: randomUUID(), email, name, role, passwordHash }).onConflictDoNothing().returning();
  if (!rows.length) throw new HttpError(409, 'conflict', `A user with the email ${email} already exists.`, [{ path: ['email'], message: 'already in use' }]);
  return rows[0];
}

export async function getUserByEmail(db: Database, email: string) {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return u;
}

export async function countUsers(db: Database): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return Number(n);
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new API token: stored hashed, returned once. */
export async function createApiToken(db: Database, opts: { email: string; name?: string }): Promise<{ id: string; token: string }> {
  const user = await getUserByEmail(db, opts.email);
  if (!user) throw notFound(`No user with the email ${opts.email}.`);
  const id = randomUUID();
  const token = `kzn_${randomBytes(32).toString('base64url')}`;
  await db.insert(apiTokens).values({ id, userId: user.id, name: opts.name ?? '', tokenHash: hashToken(token) });
  return { id, token };
}

export async function revokeApiToken(db: Database, opts: { id: string }): Promise<void> {
  if (!z.string().uuid().safeParse(opts.id).success) throw notFound(`No token with the id ${opts.id}.`);
  const rows = await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, opts.id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  if (!rows.length) throw notFound(`No active token with the id ${opts.id}.`);
}

export async function actorForToken(db: Database, token: string): Promise<Actor | null> {
  const [row] = await db
    .select({ u: users, t: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), isNull(users.disabledAt)));
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.t.id));
  return toActor(row.u, 'token', row.t.id);
}

export const roleAtLeast = (role: Role, min: Role) => ROLES.indexOf(role) >= ROLES.indexOf(min);
