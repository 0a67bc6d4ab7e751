import type { Database } from '../../db/client';
import { recordAudit } from '~/models/audit.server';
import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import { THROTTLE, accountKey, addressKey, reserveSignInAttempt, settleSignInAttempt, type ThrottleKey } from '~/models/throttle.server';
import { getUserByEmail, toActor, verifyPassword } from '~/models/user.server';

export type SignInResult = { ok: true; userId: string } | { ok: false; status: number; message: string; retryAfterSeconds?: number };

export const SIGN_IN_FAILED = 'That email and password do not match an account. Check them and try again.';
/** Only what cannot be stored is refused here; length and format failures count as failed sign-ins. */
const SignInSchema = z.object({ email: safeText(), password: safeText() });

export const SIGN_IN_THROTTLED = 'Too many failed sign-ins. Wait a little and try again.';

/**
 * Check a password, with throttling per account and per address. One generic failure message,
 * and the same throttled answer whether or not the account exists, so nothing tells which
 * accounts exist. Every attempt (success, failure, throttled) lands in the audit log; the
 * password never does.
 */
export async function signIn(db: Database, opts: { email: string; password: string; ip: string; now?: Date }): Promise<SignInResult> {
  const now = opts.now ?? new Date();
  const input = SignInSchema.safeParse({ email: opts.email, password: opts.password });
  if (!input.success) {
    // Refused at the boundary (e.g. a NUL in the email): nothing is looked up, stored or counted.
    const issue = input.error.issues[0];
    return { ok: false, status: 400, message: `${issue.path.join('.') === 'email' ? 'Email' : 'Password'}: ${issue.message}` };
  }
  const email = opts.email.trim().toLowerCase().slice(0, 254);
  const account: ThrottleKey = { key: accountKey(email), free: THROTTLE.account.free };
  const address: ThrottleKey = { key: addressKey(opts.ip), free: THROTTLE.address.free };
  const label = email || '(no email)';
  const fail = async (reason: string, userId: string | null) => {
    // Already counted by the reservation.
    await recordAudit(db, {
      actor: null,
      actorLabel: label,
      action: 'auth.sign_in_failed',
      targetType: userId ? 'user' : undefined,
      targetId: userId ?? undefined,
      ip: opts.ip,
      details: { reason },
    });
    return { ok: false as const, status: 400, message: SIGN_IN_FAILED };
  };

  const reserved = await reserveSignInAttempt(db, [account, address], now);
  if (!reserved.allowed) {
    // Refused without checking the password, and not counted, so a lock cannot be stretched forever.
    await recordAudit(db, { actor: null, actorLabel: label, action: 'auth.sign_in_failed', ip: opts.ip, details: { reason: 'throttled' } });
    return { ok: false, status: 429, message: SIGN_IN_THROTTLED, retryAfterSeconds: Math.ceil(reserved.waitMs / 1000) };
  }
  if (!email || !opts.password || opts.email.length > 254 || opts.password.length > 200) return fail('malformed', null);
  const user = await getUserByEmail(db, email);
  const ok = await verifyPassword(opts.password, user?.passwordHash ?? null);
  if (!user) return fail('unknown_email', null);
  if (!ok) return fail('bad_password', user.id);
  if (user.disabledAt) return fail('disabled', user.id);
  await settleSignInAttempt(db, { account: account.key, address });
  await recordAudit(db, { actor: toActor(user), action: 'auth.sign_in', targetType: 'user', targetId: user.id, ip: opts.ip });
  return { ok: true, userId: user.id };
}
