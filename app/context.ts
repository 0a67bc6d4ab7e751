import type { Database, DatabaseKind } from '../db/client';
import type { RateLimits } from '~/lib/rate-limit.server';

export type AppConfig = {
  sessionSecret: string;
  databaseKind: DatabaseKind;
  /** Shared request-rate limits (from the environment at boot); absent, nothing is limited (the in-process test harness). */
  rateLimits?: RateLimits;
  /** Live co-editing is served at /collab (on unless COLLAB=false); the edit page connects only then. */
  collab?: boolean;
};

declare module '@remix-run/node' {
  /** Made anew for every request (server.mjs): per-request memos (the session lookup) are keyed by it. */
  interface AppLoadContext {
    db: Database;
    config: AppConfig;
    /** CSP nonce for Remix's inline scripts, one per request. */
    cspNonce: string;
    /** The id server.mjs gives each request (X-Request-Id), quoted on error pages and in the log. */
    requestId?: string;
    /** The clock routes read through requestNow() (server.mjs: the real one; tests may pass a fixed one). */
    now?: () => Date;
    /** Live co-editing (server.mjs): fold a document's live state now, so a form save and the live document agree. */
    collab?: { foldNow: (documentId: string, reader?: import('~/models/types').Actor) => Promise<void> };
  }
}

declare module '@remix-run/server-runtime' {
  interface Future {
    v3_singleFetch: true;
  }
}
