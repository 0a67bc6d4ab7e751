import type { Database } from '../../db/client';
import type { Template } from '../../templates/schema';
import { fieldsOfKind } from '~/fields/text';
import { docToPlainText } from '~/lib/richtext/text';
import { accountByHandle, accountLabel, mentionHandles, readersOf, type Account } from '~/models/accounts.server';
import { addNotifications, type NewNotification } from '~/models/notification.server';
import type { Actor, DocumentStatus } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Where an @handle first appears in a rich-text field's text, with a few words either side. */
function excerptAround(text: string, handle: string): string {
  const at = text.toLowerCase().indexOf(`@${handle}`);
  const start = Math.max(0, at - 60);
  const end = Math.min(text.length, at + handle.length + 61);
  const part = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${part}${end < text.length ? '…' : ''}`;
}

/**
 * Tells each account newly @mentioned in a rich-text field of this save (a mention that was not in the field before),
 * in the save's transaction. Only accounts that may read the document are told, never the author of the save, and
 * each person once per save however many fields name them.
 */
export async function notifyTextMentions(
  tx: Database | Tx,
  opts: {
    actor: Actor;
    template: Pick<Template, 'sections'>;
    doc: { id: string; title: string; status: DocumentStatus };
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  },
): Promise<string[]> {
  const fresh: { handle: string; field: string; text: string }[] = [];
  for (const f of fieldsOfKind(opts.template, 'richtext')) {
    const next = opts.after[f.key];
    if (next === undefined || next === opts.before[f.key]) continue;
    const text = docToPlainText(next);
    if (!text.includes('@')) continue;
    const had = new Set(mentionHandles(docToPlainText(opts.before[f.key])));
    for (const handle of mentionHandles(text)) if (!had.has(handle)) fresh.push({ handle, field: f.label, text });
  }
  if (!fresh.length) return [];
  const readers: Account[] = await readersOf(tx, opts.doc);
  const label = accountLabel({ email: opts.actor.email, name: opts.actor.name ?? '' });
  const told = new Set<string>([opts.actor.id]);
  const rows: NewNotification[] = [];
  for (const m of fresh) {
    const u = accountByHandle(m.handle, readers);
    if (!u || told.has(u.id)) continue;
    told.add(u.id);
    rows.push({
      userId: u.id,
      kind: 'mention',
      documentId: opts.doc.id,
      actorLabel: label,
      summary: `${label} mentioned you in “${m.field}” of “${opts.doc.title}”: ${excerptAround(m.text, m.handle)}`,
    });
  }
  await addNotifications(tx, rows);
  return rows.map((r) => r.userId);
}
