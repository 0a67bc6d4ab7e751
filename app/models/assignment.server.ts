import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { documents } from '../../db/schema';
import { HttpError } from '~/lib/errors.server';
import { type Account, accountByHandle, accountLabel, readersOf } from '~/models/accounts.server';
import { type NewNotification, addNotifications } from '~/models/notification.server';
import type { Actor } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export type Owner = { owner: string | null; ownerUserId: string | null };

/**
 * Resolves action-item owners for one document, inside the write's transaction. An owner is free text; when it
 * names an account that may read the document (its e-mail address, the part before the @ when only one account has
 * it, or its whole name when only one account has it; a leading @ is allowed), the item is linked to that account
 * and the text becomes the account's name. Anything else stays free text, shown as "no account". The API may name
 * the account by id instead (`ownerUserId`). The document's readers are read once, on first need.
 */
export function ownerResolver(tx: Tx, documentId: string) {
  let readers: Promise<Account[]> | undefined;
  const load = () => {
    readers ??= tx
      .select({ status: documents.status })
      .from(documents)
      .where(eq(documents.id, documentId))
      .then(([d]) => (d ? readersOf(tx, d) : []));
    return readers;
  };
  return async (input: { owner: string | null | undefined; ownerUserId?: string | null }): Promise<Owner> => {
    if (input.ownerUserId) {
      const account = (await load()).find((u) => u.id === input.ownerUserId);
      if (!account)
        throw new HttpError(400, 'invalid', 'That account cannot be the owner: it does not exist or may not read this document.', [
          { path: ['ownerUserId'], message: 'choose an account that may read this document' },
        ]);
      return { owner: accountLabel(account), ownerUserId: account.id };
    }
    const text = input.owner?.trim() || null;
    if (!text) return { owner: null, ownerUserId: null };
    const account = accountByHandle(text, await load(), { byName: true });
    return account ? { owner: accountLabel(account), ownerUserId: account.id } : { owner: text, ownerUserId: null };
  };
}

/**
 * Tells an account an action item became theirs (in the write's transaction): only when the item is newly linked to
 * them, and never the person who made the change.
 */
export async function notifyAssigned(
  tx: Tx,
  opts: {
    actor: Pick<Actor, 'id' | 'name' | 'email'> | undefined;
    before: { ownerUserId: string | null } | null;
    after: { ownerUserId: string | null; documentId: string; title: string; dueDate: string | null };
  },
): Promise<void> {
  const to = opts.after.ownerUserId;
  if (!to || to === opts.before?.ownerUserId || to === opts.actor?.id) return;
  const [doc] = await tx
    .select({ title: documents.title })
    .from(documents)
    .where(and(eq(documents.id, opts.after.documentId)));
  const by = opts.actor ? accountLabel(opts.actor) : 'Kaizen';
  const due = opts.after.dueDate ? ` (due ${opts.after.dueDate})` : '';
  const row: NewNotification = {
    userId: to,
    kind: 'assigned',
    documentId: opts.after.documentId,
    actorLabel: by,
    summary: `${by} made you the owner of “${opts.after.title}”${due} on “${doc?.title ?? 'a document'}”.`,
  };
  await addNotifications(tx, [row]);
}
