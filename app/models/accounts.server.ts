import { isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { users } from '../../db/schema';
import type { DocumentView } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export type Account = { id: string; email: string; name: string; role: string };

/** How an account is shown where a person is named: the name, or the e-mail address without one. */
export const accountLabel = (u: Pick<Account, 'email' | 'name'>) => u.name || u.email;

/** Accounts that may read a document in this status (viewers read published ones only), not disabled. */
export async function readersOf(db: Database | Tx, doc: Pick<DocumentView, 'status'>): Promise<Account[]> {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(isNull(users.disabledAt));
  return rows.filter((u) => doc.status === 'published' || u.role !== 'viewer');
}

/**
 * The one account a handle names among `accounts`, or null: a whole e-mail address, or the part before the @ when
 * exactly one account has it. With `byName`, also a whole name when exactly one account has it (case-insensitive).
 */
export function accountByHandle(handle: string, accounts: Account[], opts: { byName?: boolean } = {}): Account | null {
  const h = handle.trim().replace(/^@/, '').toLowerCase();
  if (!h) return null;
  const byEmail = accounts.filter((u) => u.email.toLowerCase() === h);
  if (byEmail.length === 1) return byEmail[0];
  const byLocal = h.includes('@') ? [] : accounts.filter((u) => u.email.toLowerCase().split('@')[0] === h);
  if (byLocal.length === 1) return byLocal[0];
  if (!opts.byName) return null;
  const byName = accounts.filter((u) => u.name && u.name.trim().toLowerCase() === h);
  return byName.length === 1 ? byName[0] : null;
}

const MENTION = /(^|[^\w@.])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/g;

/** The @handles written in a text (an e-mail address, or the part of one before the @), without duplicates. */
export function mentionHandles(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(MENTION)) out.add(m[2].replace(/[.]+$/, '').toLowerCase());
  return [...out];
}
