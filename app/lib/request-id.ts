// In the browser, the id (X-Request-Id, set by server.mjs) of the last request that failed on
// the server: a loader that fails during a client-side navigation reaches the ErrorBoundary as a
// sanitised "Unexpected Server Error", and this is the id an admin finds in the log.
let lastFailed: string | undefined;

/** Wrap `fetch` once, in entry.client, to note the id of every answer with a 5xx status. */
export function watchFailedRequests(win: Window & typeof globalThis): void {
  const original = win.fetch.bind(win);
  win.fetch = async (...args: Parameters<typeof fetch>) => {
    const res = await original(...args);
    if (res.status >= 500) lastFailed = res.headers.get('x-request-id') ?? lastFailed;
    return res;
  };
}

export const lastFailedRequestId = (): string | undefined => lastFailed;
