/**
 * Live co-editing (decision 028): a Hocuspocus instance on the app's own HTTP server, path /collab. One Yjs
 * document per Kaizen document (`doc:<id>`), persisted in collab_states and folded into a normal revision
 * (updateDocument: version check, merge of what others saved meanwhile, audit, sign-off staleness) when editing
 * pauses and when the last person leaves. Who may connect is the page rule: a session that may read the document;
 * writing needs an editor and a document that is not published or archived. Every message re-checks the session.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Hocuspocus, type Document as HocusDocument } from '@hocuspocus/server';
import nodeAdapter from 'crossws/adapters/node';
import * as Y from 'yjs';
import { applyAwarenessUpdate, encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppLoadContext } from '@remix-run/node';
import type { Database } from '../../db/client';
import { collabStates } from '../../db/schema';
import { getSession } from '~/lib/auth.server';
import { HttpError } from '~/lib/errors.server';
import { logError, logger } from '~/lib/log.server';
import { canEdit, getDocument, updateDocument } from '~/models/document.server';
import type { Actor, DocumentView } from '~/models/types';
import { changedBetween, collabFieldsOf, collabValuesOf, readValues, sameValue, writeValues, type CollabValues } from '~/collab/ydoc';
import { startRelay, type Relay } from '~/collab/relay.server';
import { liveUserOf } from '~/collab/names';

export const COLLAB_PATH = '/collab';
const DocumentNameSchema = z.string().regex(/^doc:[0-9a-f-]{36}$/, 'the document name is doc:<document id>');

type ConnectionContext = { actor: Actor; cookie: string; documentId: string; readOnly: boolean };
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Close codes the client sees (4xxx: application codes of the WebSocket protocol). */
const NOT_ALLOWED = { code: 4403, reason: 'Not allowed' };
const SIGNED_OUT = { code: 4401, reason: 'Signed out' };
/** Presence relayed to the other processes: at most one NOTIFY per document in this time. */
const PRESENCE_RELAY_MS = 100;

export type CollabServer = {
  handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Folds every open document, closes every connection and stops the relay. */
  close: () => Promise<void>;
  /** Tests and the form save: fold a document now (no-op when it is not open here). */
  foldNow: (documentId: string, reader?: Actor) => Promise<void>;
};

export function createCollabServer(opts: {
  db: Database;
  sessionSecret: string;
  /** Quiet time before edits are folded into a revision. */
  foldDebounceMs: number;
  /** A PostgreSQL server URL: relay updates to other processes (LISTEN/NOTIFY); none on PGlite (one process). */
  relayUrl?: string;
}): CollabServer {
  const { db } = opts;
  const context = () => ({ db, config: { sessionSecret: opts.sessionSecret } }) as unknown as AppLoadContext;
  const sessionOf = (cookie: string) => getSession(new Request('http://localhost/collab', { headers: { Cookie: cookie } }), context());
  // Who changed each open document since its last fold, in order of their last change.
  const editors = new Map<string, Map<string, Actor>>();
  // Per open document: the awareness client ids of people connected to other processes (told by the relay). Only the
  // others' presence is relayed from here, so a state another process timed out or removed is not echoed back.
  const relayedClients = new Map<string, Set<number>>();
  let relay: Relay | undefined;
  const REMOTE = { source: 'redis' } as const;

  // Presence going to the other processes, coalesced per document: the first change goes out at once, the ones in the
  // next PRESENCE_RELAY_MS go out together after it, as one NOTIFY with the latest state of each client that changed
  // (a caret move is an awareness change; one NOTIFY each would load the PostgreSQL server and every process).
  const presenceOut = new Map<string, { awareness: Awareness; clients: Set<number>; timer?: ReturnType<typeof setTimeout> }>();
  /** Of these awareness clients, the ones connected to this process (the others' presence is never relayed from here). */
  const localClients = (documentName: string, ids: Iterable<number>) => {
    const remote = relayedClients.get(documentName);
    return [...ids].filter((id) => !remote?.has(id));
  };
  const publishLocal = (documentName: string, awareness: Awareness, ids: Iterable<number>) => {
    const ours = localClients(documentName, ids).filter((id) => awareness.meta.has(id));
    if (relay && ours.length) relay.publishPresence(documentName.slice(4), encodeAwarenessUpdate(awareness, ours));
  };
  const sendPresence = (documentName: string) => {
    const out = presenceOut.get(documentName);
    if (!out) return;
    const changed = [...out.clients];
    out.clients.clear();
    publishLocal(documentName, out.awareness, changed);
  };
  const relayPresence = (documentName: string, awareness: Awareness, clients: number[]) => {
    const out = presenceOut.get(documentName) ?? { awareness, clients: new Set<number>() };
    presenceOut.set(documentName, out);
    out.awareness = awareness;
    for (const id of clients) out.clients.add(id);
    if (out.timer) return;
    sendPresence(documentName);
    const wait = () => {
      out.timer = setTimeout(() => {
        if (!out.clients.size) {
          presenceOut.delete(documentName);
          return;
        }
        sendPresence(documentName);
        wait();
      }, PRESENCE_RELAY_MS);
      out.timer.unref();
    };
    wait();
  };

  const hocuspocus = new Hocuspocus<ConnectionContext>({
    quiet: true,
    debounce: opts.foldDebounceMs,
    maxDebounce: Math.max(opts.foldDebounceMs * 6, 30_000),
    async onAuthenticate(data) {
      const name = DocumentNameSchema.safeParse(data.documentName);
      if (!name.success) throw NOT_ALLOWED;
      const cookie = data.requestHeaders.get('cookie') ?? '';
      const session = await sessionOf(cookie);
      if (!session) throw SIGNED_OUT;
      const documentId = name.data.slice(4);
      let doc: DocumentView;
      try {
        doc = await getDocument(db, { actor: session.actor, id: documentId });
      } catch {
        throw NOT_ALLOWED;
      }
      const readOnly = !canEdit(session.actor) || doc.status === 'published' || doc.status === 'archived';
      data.connectionConfig.readOnly = readOnly;
      return { actor: session.actor, cookie, documentId, readOnly };
    },
    // Every message (sync, update, awareness, stateless) from a connection whose session ended or whose rights
    // changed closes it; the read-only flag itself is enforced by Hocuspocus for sync and update messages.
    async beforeHandleMessage({ context: c }) {
      const session = await sessionOf(c.cookie);
      if (!session || session.actor.id !== c.actor.id) throw SIGNED_OUT;
      if (!c.readOnly && !canEdit(session.actor)) throw NOT_ALLOWED;
    },
    // Presence is who the session says: the user a client announces (name, colour, id, watching) is written over from
    // its session and rights; a state for a client id another connection here announces is dropped.
    async beforeHandleAwareness({ context: c, states, document, connection }) {
      if (!c?.actor) return;
      const user = { ...liveUserOf(c.actor), watching: c.readOnly };
      for (const [clientId, state] of states) {
        const others = document.getConnections().some((conn) => conn !== connection && document.getClients(conn).has(clientId));
        if (others || relayedClients.get(document.name)?.has(clientId)) states.delete(clientId);
        else if (state && typeof state === 'object') states.set(clientId, { ...state, user });
      }
    },
    async onAwarenessUpdate({ document, documentName, added, updated, removed, transactionOrigin }) {
      const remote = relayedClients.get(documentName) ?? new Set<number>();
      const origin = transactionOrigin as { source?: string } | undefined;
      if (origin?.source === 'redis') {
        for (const id of [...added, ...updated]) remote.add(id);
        for (const id of removed) remote.delete(id);
        relayedClients.set(documentName, remote);
        return;
      }
      const ours = localClients(documentName, [...added, ...updated, ...removed]);
      for (const id of removed) remote.delete(id);
      if (relay && ours.length) relayPresence(documentName, document.awareness, ours);
    },
    async onLoadDocument({ document, context: c }) {
      await loadInto(document, c.documentId, c.actor);
      return document;
    },
    async afterLoadDocument({ documentName }) {
      relay?.askPresence(documentName.slice(4));
    },
    async afterUnloadDocument({ documentName }) {
      relayedClients.delete(documentName);
    },
    async onChange({ documentName, context: c, transactionOrigin, update }) {
      const origin = transactionOrigin as { source?: string } | undefined;
      // Updates that came from another process are not sent back to the relay.
      if (origin?.source !== 'redis') relay?.publish(documentName.slice(4), update);
      if (origin?.source !== 'connection' || !c?.actor) return;
      const byId = editors.get(documentName) ?? new Map<string, Actor>();
      byId.delete(c.actor.id);
      byId.set(c.actor.id, c.actor);
      editors.set(documentName, byId);
    },
    async onStoreDocument({ document, documentName }) {
      await fold(document, documentName.slice(4));
    },
  });

  /** Fill a freshly opened Yjs document: the stored state (brought up to the latest revision) or the latest revision. */
  async function loadInto(ydoc: Y.Doc, documentId: string, actor: Actor) {
    const doc = await getDocument(db, { actor, id: documentId });
    const current = collabValuesOf(doc.template, doc);
    const [row] = await db.select().from(collabStates).where(eq(collabStates.documentId, documentId));
    if (!row) {
      const built = new Y.Doc();
      writeValues(built, doc.template, current);
      await db
        .insert(collabStates)
        .values({ documentId, state: Buffer.from(Y.encodeStateAsUpdate(built)), version: doc.version, base: current })
        .onConflictDoNothing();
      // Another process may have built it first: everyone starts from the one stored state.
      const [stored] = await db.select().from(collabStates).where(eq(collabStates.documentId, documentId));
      Y.applyUpdate(ydoc, new Uint8Array(stored.state), { source: 'local' });
    } else {
      Y.applyUpdate(ydoc, new Uint8Array(row.state), { source: 'local' });
      if (row.version !== doc.version) {
        // Saved meanwhile without the live document (a form save, the API): take what that save changed.
        const theirs = changedBetween(doc.template, row.base, current);
        applyChanges(ydoc, doc.template, current, theirs);
        await db
          .update(collabStates)
          .set({ state: Buffer.from(Y.encodeStateAsUpdate(ydoc)), version: doc.version, base: current, updatedAt: new Date() })
          .where(eq(collabStates.documentId, documentId));
      }
    }
    if (relay) for (const u of await relay.pending(documentId)) Y.applyUpdate(ydoc, u, { source: 'relay' });
    // The version the live document stands for (see foldOnce); a state from before this was recorded starts now.
    const meta = ydoc.getMap('meta');
    const fresh = !row || row.version !== doc.version;
    ydoc.transact(
      () => {
        if (meta.get('version') !== doc.version) meta.set('version', doc.version);
        if (fresh || typeof meta.get('since') !== 'number') meta.set('since', doc.version);
      },
      { source: 'local' },
    );
  }

  function applyChanges(ydoc: Y.Doc, template: DocumentView['template'], values: CollabValues, keys: string[]) {
    if (!keys.length) return;
    const only = new Set(keys.filter((k) => k !== 'title'));
    writeValues(ydoc, template, { ...(keys.includes('title') ? { title: values.title } : {}), fields: values.fields }, only, {
      source: 'local',
    });
  }

  /**
   * Three-way fold under the collab_states row lock (one process at a time): what the live document changed since
   * its base (and the latest version does not hold already) is saved as a revision over the latest version; what
   * others saved since the base comes into the live document. The revision is authored by the last editor; the note
   * names everyone who edited since the last fold. A value the model refuses (a half-typed date) stays live, out of
   * the revision, until it is fixed. `reader` (a form save) lets a fold with no live edits take a saved version in.
   */
  async function fold(ydoc: Y.Doc, documentId: string, reader?: Actor) {
    const name = `doc:${documentId}`;
    // Taken now: whoever edits while this fold runs is named by the next one.
    const people = [...(editors.get(name)?.values() ?? [])];
    editors.delete(name);
    const refused = new Set<string>();
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await foldOnce(ydoc, documentId, people, refused, reader);
        return;
      } catch (e) {
        const keys = e instanceof HttpError && e.status === 400 ? refusedKeys(e) : [];
        if (keys.length && keys.some((k) => !refused.has(k))) {
          for (const k of keys) refused.add(k);
          continue;
        }
        // Kept in the live document and collab_states, with its editors; the next pause tries again (a 409 here
        // means a save raced the lock).
        const since = editors.get(name) ?? new Map<string, Actor>();
        editors.set(name, new Map([...people.filter((p) => !since.has(p.id)).map((p) => [p.id, p] as const), ...since]));
        if (e instanceof HttpError) logger.warn({ documentId, status: e.status, code: e.code }, `Co-editing fold not saved: ${e.message}`);
        else logError('Co-editing fold failed', e);
        return;
      }
    }
  }

  /** The fields (or `title`) a 400 from updateDocument names. */
  function refusedKeys(e: HttpError): string[] {
    return (e.issues ?? [])
      .map((i) => (i.path[0] === 'fields' ? String(i.path[1] ?? '') : i.path[0] === 'title' ? 'title' : ''))
      .filter(Boolean);
  }

  async function foldOnce(ydoc: Y.Doc, documentId: string, people: Actor[], refused: Set<string>, reader?: Actor) {
    await db.transaction(async (tx: Tx) => {
      const [row] = await tx.select().from(collabStates).where(eq(collabStates.documentId, documentId)).for('update');
      if (!row) return;
      const author = people.at(-1);
      const actor = author ?? reader;
      const state = () => Buffer.from(Y.encodeStateAsUpdate(ydoc));
      if (!actor) {
        await tx.update(collabStates).set({ state: state(), updatedAt: new Date() }).where(eq(collabStates.documentId, documentId));
        return;
      }
      const doc = await getDocument(tx as unknown as Database, { actor, id: documentId });
      const live = readValues(ydoc, doc.template);
      const current = collabValuesOf(doc.template, doc);
      const liveChanged = changedBetween(doc.template, row.base, live);
      const differs = new Set(changedBetween(doc.template, live, current));
      // Only edits made here are saved (by their author); a relayed edit is saved by the process its author is on.
      const ours = author ? liveChanged.filter((k) => differs.has(k) && !refused.has(k)) : [];
      const theirs = changedBetween(doc.template, row.base, current).filter((k) => !liveChanged.includes(k));
      let saved = doc;
      if (ours.length) {
        const fields: Record<string, unknown> = {};
        for (const k of ours) if (k !== 'title') fields[k] = live.fields[k];
        const names = people.map((p) => p.name || p.email);
        saved = await updateDocument(tx as unknown as Database, {
          actor: author as Actor,
          id: documentId,
          input: { version: doc.version, ...(ours.includes('title') ? { title: live.title } : {}), fields },
          note: `Edited together: ${names.join(', ')}`,
          current: doc,
        });
        normalise(ydoc, doc.template, live, collabValuesOf(saved.template, saved), ours);
      }
      applyChanges(ydoc, doc.template, current, theirs);
      // The version the live document now stands for, and since when the fields it does not carry (severity, action
      // items, …) are unchanged: a form shown before `since` is stale for those, one shown later can save over `version`.
      const meta = ydoc.getMap('meta');
      const since = doc.version !== row.version ? doc.version : Number(meta.get('since') ?? row.version);
      ydoc.transact(
        () => {
          if (meta.get('version') !== saved.version) meta.set('version', saved.version);
          if (meta.get('since') !== since) meta.set('since', since);
        },
        { source: 'local' },
      );
      await tx
        .update(collabStates)
        .set({ state: state(), version: saved.version, base: collabValuesOf(saved.template, saved), updatedAt: new Date() })
        .where(eq(collabStates.documentId, documentId));
    });
  }

  /**
   * A saved value as stored (a typed `2026-03-01T10:00` becomes the instant it names) replaces the typed one in the
   * live document, so the next fold does not see it as a change again; only while nobody changed it meanwhile.
   */
  function normalise(ydoc: Y.Doc, template: DocumentView['template'], live: CollabValues, stored: CollabValues, keys: string[]) {
    const plain = new Set(collabFieldsOf(template).plain);
    const map = ydoc.getMap('fields');
    ydoc.transact(
      () => {
        for (const k of keys) {
          if (!plain.has(k) || sameValue('plain', live.fields[k], stored.fields[k])) continue;
          if (!sameValue('plain', map.get(k) ?? null, live.fields[k])) continue;
          if (stored.fields[k] == null) map.delete(k);
          else map.set(k, stored.fields[k]);
        }
      },
      { source: 'local' },
    );
  }

  const ws = nodeAdapter({
    hooks: {
      open(peer) {
        (peer as unknown as { _k: unknown })._k = hocuspocus.handleConnection(peer.websocket as never, peer.request as Request);
      },
      message(peer, message) {
        (peer as unknown as { _k?: { handleMessage: (d: Uint8Array) => void } })._k?.handleMessage(message.uint8Array());
      },
      close(peer, event) {
        (peer as unknown as { _k?: { handleClose: (e: unknown) => void } })._k?.handleClose({ code: event.code, reason: event.reason });
      },
    },
  });

  if (opts.relayUrl)
    startRelay({
      db,
      url: opts.relayUrl,
      origin: randomUUID(),
      apply: (documentId, update) => {
        const d: HocusDocument | undefined = hocuspocus.documents.get(`doc:${documentId}`);
        if (d) Y.applyUpdate(d, update, REMOTE);
      },
      applyPresence: (documentId, update) => {
        const d: HocusDocument | undefined = hocuspocus.documents.get(`doc:${documentId}`);
        if (d) applyAwarenessUpdate(d.awareness, update, REMOTE);
      },
      presenceAsked: (documentId) => {
        const d: HocusDocument | undefined = hocuspocus.documents.get(`doc:${documentId}`);
        if (d) publishLocal(d.name, d.awareness, d.awareness.getStates().keys());
      },
    })
      .then((r) => {
        relay = r;
      })
      .catch((e) => logError('Co-editing relay could not start', e));

  return {
    handleUpgrade: (req, socket, head) => {
      void ws.handleUpgrade(req, socket, head);
    },
    foldNow: async (documentId, reader) => {
      const d = hocuspocus.documents.get(`doc:${documentId}`);
      if (d) await fold(d, documentId, reader);
    },
    close: async () => {
      for (const [name, d] of hocuspocus.documents) await fold(d, name.slice(4));
      ws.closeAll(1001, 'Server stopping', true);
      hocuspocus.closeConnections();
      // Who left goes out now, not after the wait.
      for (const [name, out] of presenceOut) {
        clearTimeout(out.timer);
        sendPresence(name);
      }
      presenceOut.clear();
      await relay?.stop();
    },
  };
}
