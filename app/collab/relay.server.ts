/**
 * Co-editing across app processes on one PostgreSQL server (decision 028): each Yjs update made here is written to
 * collab_updates and announced with NOTIFY (the payload is only the row id, far under the 8000-byte limit); every
 * other process LISTENs, reads the row and applies it to its copy of the document when it has it open. A process
 * that opens a document later applies the recent rows too. Not used on PGlite, which is one process by design.
 */
import postgres from 'postgres';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { collabUpdates } from '../../db/schema';
import { logError } from '~/lib/log.server';

const CHANNEL = 'kaizen_collab';
/** Relayed rows are kept this long: a process opening a document meanwhile catches up from them. */
const KEEP_MS = 10 * 60_000;

export type Relay = {
  publish: (documentId: string, update: Uint8Array) => void;
  /** Updates of the last minutes for one document (from every process; applying one twice changes nothing). */
  pending: (documentId: string) => Promise<Uint8Array[]>;
  stop: () => Promise<void>;
};

export async function startRelay(opts: {
  db: Database;
  url: string;
  origin: string;
  apply: (documentId: string, update: Uint8Array) => void;
}): Promise<Relay> {
  const { db, origin } = opts;
  const listener = postgres(opts.url, { max: 1, onnotice: () => {} });
  const received = async (payload: string) => {
    const id = Number(payload);
    if (!Number.isSafeInteger(id)) return;
    const [row] = await db.select().from(collabUpdates).where(eq(collabUpdates.id, id));
    if (row && row.origin !== origin) opts.apply(row.documentId, new Uint8Array(row.update));
  };
  await listener.listen(CHANNEL, (payload) => void received(payload).catch((e) => logError('Co-editing relay read failed', e)));
  const purge = setInterval(
    () =>
      void db
        .delete(collabUpdates)
        .where(lt(collabUpdates.createdAt, new Date(Date.now() - KEEP_MS)))
        .catch(() => {}),
    60_000,
  );
  purge.unref();
  // Sent in order, one at a time, so a document's updates reach the others in the order they were made.
  let queue = Promise.resolve();
  return {
    publish(documentId, update) {
      queue = queue
        .then(async () => {
          const [row] = await db
            .insert(collabUpdates)
            .values({ documentId, origin, update: Buffer.from(update) })
            .returning({ id: collabUpdates.id });
          await listener`select pg_notify(${CHANNEL}, ${String(row.id)})`;
        })
        .catch((e) => logError('Co-editing relay write failed', e));
    },
    async pending(documentId) {
      const rows = await db
        .select({ update: collabUpdates.update })
        .from(collabUpdates)
        .where(and(eq(collabUpdates.documentId, documentId), gt(collabUpdates.createdAt, new Date(Date.now() - KEEP_MS))))
        .orderBy(collabUpdates.id);
      return rows.map((r) => new Uint8Array(r.update));
    },
    async stop() {
      clearInterval(purge);
      await queue;
      await listener.end({ timeout: 2 });
    },
  };
}
