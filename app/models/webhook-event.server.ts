import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { WebhookEventType } from '../../db/schema';
import type { ActionItemView } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

/** What every event says about its document (links are paths: the sender does not know the public origin). */
export type DocumentRef = { id: string; title: string; kind: string; status: string; severity: string | null; service: string | null };
export const documentRef = (d: DocumentRef) => ({
  id: d.id,
  title: d.title,
  kind: d.kind,
  status: d.status,
  severity: d.severity,
  service: d.service,
  links: { html: `/docs/${d.id}` },
});

export const actionItemRef = (i: ActionItemView) => ({
  id: i.id,
  title: i.title,
  kind: i.kind,
  owner: i.owner,
  dueDate: i.dueDate,
  status: i.status,
  url: i.url,
  documentId: i.documentId,
});

/**
 * The outbox: record an event inside the transaction of the change it reports, with one pending delivery
 * per active webhook that subscribes to it. One statement; nothing is stored when no webhook wants the
 * event. A `dedupeKey` (events found by a scan) makes a second report of the same fact a no-op.
 */
export async function emitWebhookEvent(
  tx: Tx,
  opts: { type: WebhookEventType; data: Record<string, unknown> | (() => Promise<Record<string, unknown>>); dedupeKey?: string },
): Promise<void> {
  let data = opts.data;
  if (typeof data === 'function') {
    // The payload costs a read: only when some webhook wants the event.
    const wanted = await tx.execute(sql`select 1 from webhooks where revoked_at is null and ${opts.type} = any(events) limit 1`);
    if (!rowsOf(wanted).length) return;
    data = await data();
  }
  const payload = JSON.stringify(data);
  await tx.execute(sql`
    with subs as (select id from webhooks where revoked_at is null and ${opts.type} = any(events)),
    ev as (
      insert into webhook_events (id, type, payload, dedupe_key)
      select ${randomUUID()}, ${opts.type}, ${payload}::jsonb, ${opts.dedupeKey ?? null}
      where exists (select 1 from subs)
      on conflict (dedupe_key) do nothing
      returning id
    )
    insert into webhook_deliveries (id, webhook_id, event_id)
    select gen_random_uuid()::text, subs.id, ev.id from subs, ev`);
}

/** Rows of `db.execute` on either driver (postgres.js answers an array, PGlite `{ rows }`). */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** The document part of an event whose caller holds only the id. */
export async function loadDocumentRef(tx: Tx, documentId: string) {
  const [row] = rowsOf<DocumentRef>(
    await tx.execute(sql`select id, title, kind, status, severity, service from documents where id = ${documentId}`),
  );
  return row ? documentRef(row) : { id: documentId, links: { html: `/docs/${documentId}` } };
}
