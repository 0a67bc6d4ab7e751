import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { HtmlStream } from '~/lib/html-stream.server';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceContext } from '~/components/nonce';
import { logError } from '~/lib/log.server';
import type { Database, DatabaseKind } from '../db/client';

// The server entry (server.mjs) reaches start-up code and the error log through the build: one bundle, one module instance.
export { boot } from '~/boot.server';
export { describeError, logError, logger, runWithRequestId } from '~/lib/log.server';
export { createRouteLabeler } from '~/lib/route-label.server';
export { metrics, observeRequest } from '~/lib/metrics.server';
export { checkReadiness } from '~/models/readiness.server';
export { startPurgeSchedule } from '~/models/purge.server';
export { COLLAB_PATH, createCollabServer } from '~/collab/server.server';
export { API_DOCUMENT_PDF_PATH, apiDocumentPdf } from '~/lib/pdf-response.server';

/** Where the metrics read the PDF pool's and the database's figures at scrape time (server.mjs, once booted). */
export async function watchForMetrics(db: Database, kind: DatabaseKind): Promise<void> {
  const [{ setScrapeSources }, { pdfPoolStats }, { databasePoolStats }] = await Promise.all([
    import('~/lib/metrics.server'),
    import('~/pdf/pool.server'),
    import('~/models/readiness.server'),
  ]);
  setScrapeSources({ pdfPool: pdfPoolStats, database: () => databasePoolStats(db, kind) });
}

/**
 * Called by server.mjs before it listens. PDF workers are not started here: the pool starts them on first use and
 * stops them after PDF_POOL_IDLE_MS without work, so an idle server stays small (docs/decisions/016).
 */
export async function warmUp(): Promise<void> {
  const { getOrRenderPdf } = await import('~/pdf/cache.server');
  const { onDocumentPublished } = await import('~/models/events.server');
  const { publishedLinks } = await import('~/models/link.server');
  const { pdfMeetings } = await import('~/models/meeting.server');
  // Publishing renders the PDF ahead of time, with the links a download prints, so the first download is served from the cache.
  onDocumentPublished(async (db, doc) => {
    const links = await publishedLinks(db, doc.id);
    const meetings = doc.kind === 'checklist' ? await pdfMeetings(db, doc.id) : [];
    return getOrRenderPdf(db, { ...doc, ...(links.length ? { links } : {}), ...(meetings.length ? { meetings } : {}) });
  });
}

let webhookSender: { stop: () => Promise<void> } | undefined;
let recurrenceBackfill: { stop: () => Promise<void> } | undefined;
let emailSender: { stop: () => Promise<void> } | undefined;
let reminders: { stop: () => Promise<void> } | undefined;

/** Called by server.mjs once the database is open: this process's sender of outbound webhook deliveries. */
export async function startBackgroundWork(opts: {
  db: import('../db/client').Database;
  sessionSecret: string;
  retryBaseMs: number;
}): Promise<void> {
  const { startWebhookSender } = await import('~/models/webhook-sender.server');
  webhookSender = startWebhookSender(opts);
  const { readEnv } = await import('~/config.server');
  const env = readEnv();
  if (env.SMTP_URL) {
    const { startEmailSender } = await import('~/models/email-sender.server');
    emailSender = startEmailSender({
      db: opts.db,
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      appUrl: env.APP_URL ?? `http://localhost:${env.PORT}`,
      retryBaseMs: env.EMAIL_RETRY_BASE_MS,
    });
  }
  // Hourly; the reminder_sends keys make a run in two processes (or twice in an hour) send each reminder once.
  const { startReminderSchedule } = await import('~/models/reminder.server');
  reminders = startReminderSchedule(opts.db);
  const { startRecurrenceBackfill } = await import('~/models/recurrence.server');
  const { msSinceLastRequest } = await import('~/lib/metrics.server');
  // After start-up settles, and only while no one is waiting on the server (see recurrence.server).
  recurrenceBackfill = startRecurrenceBackfill(opts.db, { startAfterMs: 30_000, idle: () => msSinceLastRequest() > 2_000 });
}

/** Called by server.mjs on SIGTERM/SIGINT after in-flight requests finished. */
export async function shutdown(): Promise<void> {
  // Deliveries under way finish (or are cut short and retried later) before the database closes.
  await webhookSender?.stop();
  await reminders?.stop();
  await emailSender?.stop();
  await recurrenceBackfill?.stop();
  const { getPdfPool } = await import('~/pdf/pool.server');
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
      responseStatusCode === 404
        ? ['not_found', 'No such API endpoint.']
        : responseStatusCode === 405
          ? ['method_not_allowed', 'This method is not offered on this path.']
          : ['invalid', 'The request could not be handled.'];
    return Response.json({ error: { code, message } }, { status: responseStatusCode, headers: { 'Cache-Control': 'no-store' } });
  }
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get('user-agent') || '') || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          const body = new HtmlStream();
          // The abort timer holds the whole render: let it go once the page is written, not 5 s later.
          body.on('close', () => clearTimeout(timer));
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError(`Rendering ${new URL(request.url).pathname} failed`, error, loadContext.requestId);
        },
      },
    );
    timer = setTimeout(abort, ABORT_DELAY);
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
