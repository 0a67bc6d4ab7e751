import type { Database } from '../../db/client';
import { getUserByEmail, verifyPassword } from './user.server';

export type SignInResult = { ok: true; userId: string } | { ok: false; status: number; message: string };

const GENERIC = 'That email and password do not match an account. Check them and try again.';

/** Check a password. One generic failure message, so the answer never tells whether an account exists. */
export async function signIn(db: Database, opts: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = opts.email.trim().toLowerCase();
  if (!email || !opts.password || email.length > 254 || opts.password.length > 200) return { ok: false, status: 400, message: GENERIC };
  const user = await getUserByEmail(db, email);
  const ok = await verifyPassword(opts.password, user?.passwordHash ?? null);
  if (!user || !ok || user.disabledAt) return { ok: false, status: 400, message: GENERIC };
  return { ok: true, userId: user.id };
}
