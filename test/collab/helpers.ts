import { createRequire } from 'node:module';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';

// Node 20 has no WebSocket global; the `ws` package lets a test send the session cookie as a browser would.
const NodeWebSocket = createRequire(import.meta.url)('ws') as new (url: string, protocols?: unknown, opts?: unknown) => unknown;

export type CollabClient = {
  ydoc: Y.Doc;
  provider: HocuspocusProvider;
  /** Resolves once the first sync with the server is done; rejects when the server refuses the document. */
  synced: Promise<void>;
  /** The close code of the socket once the server closed it. */
  closed: Promise<number>;
  close: () => void;
};

/** A Hocuspocus client in node on `doc:<id>` of a running server, signed in with `cookie` (or none). */
export function connectCollab(baseUrl: string, documentId: string, cookie: string | null, name = 'someone'): CollabClient {
  const headers = cookie ? { Cookie: cookie } : {};
  class CookieWebSocket extends (NodeWebSocket as unknown as new (u: string, p?: unknown, o?: unknown) => object) {
    constructor(url: string, protocols?: unknown) {
      super(url, protocols, { headers });
    }
  }
  const ydoc = new Y.Doc();
  let closedWith: (code: number) => void = () => {};
  const closed = new Promise<number>((r) => (closedWith = r));
  const socket = new HocuspocusProviderWebsocket({
    url: `${baseUrl.replace(/^http/, 'ws')}/collab`,
    WebSocketPolyfill: CookieWebSocket,
    maxAttempts: 1,
    onClose: ({ event }) => closedWith(event.code),
  });
  let done: () => void = () => {};
  let failed: (e: Error) => void = () => {};
  const synced = new Promise<void>((res, rej) => {
    done = res;
    failed = rej;
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: `doc:${documentId}`,
    document: ydoc,
    token: 'session-cookie',
    onSynced: () => done(),
    onAuthenticationFailed: ({ reason }) => failed(new Error(`refused: ${reason}`)),
    onClose: ({ event }) => {
      failed(new Error(`closed: ${event.code}`));
      closedWith(event.code);
    },
  });
  provider.attach();
  provider.setAwarenessField('user', { name });
  return {
    ydoc,
    provider,
    synced,
    closed,
    close: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Append a paragraph holding `text` to the rich-text field `key`. */
export function appendParagraph(ydoc: Y.Doc, key: string, text: string): void {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  ydoc.getXmlFragment(`rt:${key}`).push([p]);
}

/** The plain text of the rich-text field `key` as this client sees it. */
export const fieldText = (ydoc: Y.Doc, key: string): string =>
  ydoc
    .getXmlFragment(`rt:${key}`)
    .toString()
    .replace(/<[^>]+>/g, ' ');

/** Wait until `check` holds, re-checking on every change of the document (no wall-time assertion: the test timeout bounds it). */
export function until(ydoc: Y.Doc, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const on = () => {
      if (check()) {
        ydoc.off('update', on);
        resolve();
      }
    };
    ydoc.on('update', on);
  });
}
