import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceContext } from './components/nonce';
import { logError } from './lib/log.server';

// The server entry (server.mjs) reaches start-up code and the error log through the build: one bundle, one module instance.
export { boot } from './boot.server';
export { describeError, logError, runWithRequestId } from './lib/log.server';

/**
 * Called by server.mjs before it listens. PDF workers are not started here: the pool starts them on first use and
 * stops them after PDF_POOL_IDLE_MS without work, so an idle server stays small (docs/decisions/009).
 */
export async function warmUp(): Promise<void> {
  const { getOrRenderPdf } = await import('./pdf/cache.server');
  const { onDocumentPublished } = await import('./models/events.server');
  // Publishing renders the PDF ahead of time, so the first download is served from the cache.
  onDocumentPublished((db, doc) => getOrRenderPdf(db, doc));
}

/** Called by server.mjs on SIGTERM/SIGINT after in-flight requests finished. */
export async function shutdown(): Promise<void> {
  const { getPdfPool } = await import('./pdf/pool.server');
  await getPdfPool().close();
}

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A path under /api/v1 that no API route matched (the catch-all's splat does not match every
  // path, e.g. one with an encoded line break) still answers in the API's error shape.
  if (responseStatusCode >= 400 && /^\/api\/v1(\/|$)/.test(new URL(request.url).pathname)) {
    const [code, message] =
      responseStatusCode === 404 ? ['not_found', 'No such API endpoint.'] : responseStatusCode === 405 ? ['method_not_allowed', 'This method is not offered on this path.'] : ['invalid', 'The request could not be handled.'];
    return Response.json({ error: { code, message } }, { status: responseStatusCode, headers: { 'Cache-Control': 'no-store' } });
  }
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get('user-agent') || '') || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError(`Rendering ${new URL(request.url).pathname} failed`, error, loadContext.requestId);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Errors our own checks answer with a 4xx (thrown `data(...)`) are not crashes: log only the rest,
 * under the request's id and without query parameter values (see lib/log.server.ts).
 */
export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return;
  const e = error as { status?: unknown; internal?: unknown } | null;
  if (e && typeof e === 'object' && typeof e.status === 'number' && e.status < 500 && 'internal' in e) return;
  logError(`${request.method} ${new URL(request.url).pathname} failed`, error, context.requestId);
}
