/**
 * The browser side of live co-editing (decision 028): one Hocuspocus connection per edit page to `/collab`, on the
 * Yjs document `doc:<id>`, and who is here (awareness). Until the first sync the page stays the plain form; when the
 * socket cannot connect (or the server refuses it) it stays the plain form for good.
 */
import { useEffect, useState } from 'react';
import { HocuspocusProvider } from '~/collab/provider.client';
import * as Y from 'yjs';
import { colourOf } from '~/collab/names';

export type LiveUser = { id: string; name: string; color: string };

export type LiveSession = {
  ydoc: Y.Doc;
  provider: HocuspocusProvider;
  user: LiveUser;
  /** A watcher: the server refuses this connection's edits, so the page offers none. */
  readOnly: boolean;
};

export type LivePerson = { id: string; name: string; color: string; watching: boolean; self: boolean };

export type LiveState = {
  /** connecting: not synced yet; live: synced and connected; reconnecting: was live, the socket dropped; off: no live editing. */
  status: 'connecting' | 'live' | 'reconnecting' | 'off';
  /** Set at the first sync and kept while the page lives (edits made while reconnecting are sent when it is back). */
  session: LiveSession | null;
  people: LivePerson[];
};

type AwarenessUser = { id?: unknown; name?: unknown; color?: unknown; watching?: unknown };

function peopleOf(provider: HocuspocusProvider): LivePerson[] {
  const awareness = provider.awareness;
  if (!awareness) return [];
  const byId = new Map<string, LivePerson>();
  for (const [clientId, state] of awareness.getStates()) {
    const u = (state as { user?: AwarenessUser }).user;
    if (!u || typeof u.name !== 'string' || typeof u.id !== 'string') continue;
    const self = clientId === awareness.clientID;
    const known = byId.get(u.id);
    const colour = typeof u.color === 'string' && /^#[0-9a-f]{6}$/i.test(u.color) ? u.color : colourOf(u.id);
    // One line per person (several tabs are one person); editing in any tab counts as editing.
    byId.set(u.id, {
      id: u.id,
      name: u.name.slice(0, 200),
      color: colour,
      watching: (known?.watching ?? true) && u.watching === true,
      self: self || (known?.self ?? false),
    });
  }
  return [...byId.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}

export function useLiveDocument(opts: { enabled: boolean; documentId: string; user: LiveUser | null }): LiveState {
  const { enabled, documentId, user } = opts;
  const [state, setState] = useState<LiveState>({ status: enabled ? 'connecting' : 'off', session: null, people: [] });
  const userKey = user ? `${user.id}\n${user.name}\n${user.color}` : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnect only when the document or the person changes (userKey stands for user)
  useEffect(() => {
    if (!enabled || !user || typeof WebSocket === 'undefined') {
      setState({ status: 'off', session: null, people: [] });
      return;
    }
    const ydoc = new Y.Doc();
    let session: LiveSession | null = null;
    let everSynced = false;
    let stopped = false;
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const provider = new HocuspocusProvider({
      url: `${scheme}//${window.location.host}/collab`,
      name: `doc:${documentId}`,
      document: ydoc,
      // The server reads the session cookie the socket is opened with; the token only starts authentication.
      token: 'session-cookie',
      onSynced: ({ state: synced }) => {
        if (!synced || stopped) return;
        everSynced = true;
        const readOnly = provider.authorizedScope === 'readonly';
        if (!session) {
          session = { ydoc, provider, user, readOnly };
          if (readOnly) provider.setAwarenessField('user', { ...user, watching: true });
        }
        setState({ status: 'live', session, people: peopleOf(provider) });
      },
      onStatus: ({ status }) => {
        if (stopped) return;
        if (status === 'disconnected')
          setState((s) => ({ ...s, status: everSynced ? 'reconnecting' : 'connecting', people: everSynced ? s.people : [] }));
        else if (status === 'connected' && everSynced && provider.isSynced) setState((s) => ({ ...s, status: 'live' }));
      },
      onAuthenticationFailed: () => {
        // Refused (signed out, no longer allowed): the plain form stays, and Save answers as it always did.
        if (!everSynced) {
          stopped = true;
          setState({ status: 'off', session: null, people: [] });
          provider.destroy();
        }
      },
      onAwarenessChange: () => {
        if (!stopped) setState((s) => ({ ...s, people: peopleOf(provider) }));
      },
    });
    provider.setAwarenessField('user', { id: user.id, name: user.name, color: user.color, watching: false });
    return () => {
      stopped = true;
      provider.destroy();
      ydoc.destroy();
    };
  }, [enabled, documentId, userKey]);
  return state;
}
