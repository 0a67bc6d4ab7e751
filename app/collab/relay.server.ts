/**
 * Co-editing across app processes on one PostgreSQL server (decision 028): each Yjs update made here is written to
 * collab_updates and announced with NOTIFY (the payload is only the row id, far under the 8000-byte limit); every
 * other process LISTENs, reads the row and applies it to its copy of the document when it has it open. A process
 * that opens a document later applies the recent rows too. Not used on PGlite, which is one process by design.
 *
 * Presence (awareness) is ephemeral: it is not stored. A change of the people connected here goes out as the NOTIFY
 * payload itself on a second channel (the encoded awareness update, base64; one too large for NOTIFY's 8000 bytes is
 * not relayed), and a process that opens a document asks the others for who is on it now.
 */
import postgres from 'postgres';
import { and, eq, gt, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { collabUpdates } from '../../db/schema';
import { logError } from '~/lib/log.server';

const CHANNEL = 'kaizen_collab';
const PRESENCE_CHANNEL = 'kaizen_collab_presence';
/** NOTIFY payloads must stay under 8000 bytes; the JSON around the update takes under 200. */
const PRESENCE_MAX = 7_600;
/** A presence message: from process `o` about document `d`, either an awareness update (`a`, base64) or a question (`q`). */
const PresenceSchema = z.union([
  z.object({ o: z.string(), d: z.string().uuid(), a: z.string().max(PRESENCE_MAX) }),
  z.object({ o: z.string(), d: z.string().uuid(), q: z.literal(1) }),
]);
/** Relayed rows are kept this long: a process opening a document meanwhile catches up from them. */
const KEEP_MS = 10 * 60_000;

export type Relay = {
  publish: (documentId: string, update: Uint8Array) => void;
  /** Updates of the last minutes for one document (from every process; applying one twice changes nothing). */
  pending: (documentId: string) => Promise<Uint8Array[]>;
  /** An awareness update of people connected here, to the other processes (dropped when too large for a NOTIFY). */
  publishPresence: (documentId: string, update: Uint8Array) => void;
  /** Ask the other processes to send who is on this document (a process that has just opened it). */
  askPresence: (documentId: string) => void;
  stop: () => Promise<void>;
};

export async function startRelay(opts: {
  db: Database;
  url: string;
  origin: string;
  apply: (documentId: string, update: Uint8Array) => void;
  /** An awareness update from another process. */
  applyPresence: (documentId: string, update: Uint8Array) => void;
  /** Another process asks who is on this document here: answer with publishPresence. */
  presenceAsked: (documentId: string) => void;
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
  await listener.listen(PRESENCE_CHANNEL, (payload) => {
    let parsed: z.infer<typeof PresenceSchema>;
    try {
      parsed = PresenceSchema.parse(JSON.parse(payload));
    } catch {
      return;
    }
    if (parsed.o === origin) return;
    try {
      if ('q' in parsed) opts.presenceAsked(parsed.d);
      else opts.applyPresence(parsed.d, new Uint8Array(Buffer.from(parsed.a, 'base64')));
    } catch (e) {
      logError('Co-editing presence relay failed', e);
    }
  });
  const notifyPresence = (message: z.infer<typeof PresenceSchema>) =>
    void listener`select pg_notify(${PRESENCE_CHANNEL}, ${JSON.stringify(message)})`.catch((e) =>
      logError('Co-editing presence relay write failed', e),
    );
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
    publishPresence(documentId, update) {
      const a = Buffer.from(update).toString('base64');
      if (a.length <= PRESENCE_MAX) notifyPresence({ o: origin, d: documentId, a });
    },
    askPresence(documentId) {
      notifyPresence({ o: origin, d: documentId, q: 1 });
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
