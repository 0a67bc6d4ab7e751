import type { AppLoadContext } from '@remix-run/node';
import type { Database } from '../../db/client';
import { getDocument } from '~/models/document.server';
import type { Actor, DocumentView } from '~/models/types';
import type { PdfDocument } from '~/pdf/content';
import { publishedLinks } from '~/models/link.server';
import { pdfMeetings } from '~/models/meeting.server';
import { PdfBusyError, withPdfShare } from '~/pdf/admission.server';
import { type PdfResult, getOrRenderPdf, pdfFilename } from '~/pdf/cache.server';
import { getPdfPool, PdfRenderError } from '~/pdf/pool.server';
import { findStoredPdf, findTokenAndStoredPdf, type StoredPdfLookup, storedPdfBytes } from '~/pdf/stored.server';
import { noteTokenUse } from '~/models/user.server';
import { enforcePdfExportLimits } from '~/lib/rate-limit.server';
import { clientIp, requireApiActorWith } from '~/lib/auth.server';
import { api } from '~/lib/route.server';
import { notFound } from '~/lib/errors.server';

export type PdfErrorFormat = 'json' | 'text';

/** Seconds a client should wait before asking again after a refused or abandoned render. */
const RETRY_AFTER_SECONDS = 10;

/**
 * A render that failed, ran too long or was refused, as an answer for this request only: 429 with Retry-After when the
 * user used up their own share (their request, not the server, is the problem: a 4xx), 503 with Retry-After when the
 * shared queue is full or the render waited too long for a worker, 504 for a render stopped for taking too long. The
 * API gets its JSON error shape, pages a readable sentence.
 */
export function pdfErrorResponse(e: PdfRenderError, format: PdfErrorFormat, what = 'this PDF'): Response {
  const retry = e instanceof PdfBusyError ? e.retryAfterSeconds : RETRY_AFTER_SECONDS;
  const status = e.code === 'timeout' ? 504 : e.code === 'busy' ? 429 : 503;
  const message =
    e.code === 'timeout'
      ? `Rendering ${what} took too long and was stopped. Try again; if it keeps happening, it may be too large to export.`
      : e.code === 'busy'
        ? e.message
        : e.code === 'queue_full' || e.code === 'queue_timeout'
          ? `Too many PDF exports are waiting; ${what} was not started. Try again in ${retry} seconds.`
          : `${what[0].toUpperCase()}${what.slice(1)} could not be rendered: ${e.message}`;
  const headers: Record<string, string> = {
    'Cache-Control': 'no-store',
    ...(status === 503 || status === 429 ? { 'Retry-After': String(retry) } : {}),
  };
  if (format === 'json') return Response.json({ error: { code: `pdf_${e.code}`, message } }, { status, headers });
  return new Response(`${message}\n`, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Whether an If-None-Match header names this entity tag (weak or strong, or `*`). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * A rendered PDF as a download (the stored bytes as they are, no copy), or 304 Not Modified without them when the
 * client already holds this content (If-None-Match with its ETag, the content hash).
 */
export function pdfDownload(
  result: Omit<PdfResult, 'bytes'> & { bytes: Buffer | null },
  filename: string,
  ifNoneMatch?: string | null,
): Response {
  const etag = `"${result.hash}"`;
  const common = {
    'Cache-Control': 'private, max-age=0, must-revalidate',
    ETag: etag,
    'X-Kaizen-Pdf-Cache': result.cached ? 'hit' : result.joined ? 'joined' : 'miss',
    'X-Kaizen-Pdf-As-Of': result.asOf.toISOString(),
  };
  if (!result.bytes || etagMatches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers: common });
  return new Response(result.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(result.bytes.length),
      'Content-Disposition': `attachment; filename="${filename}"`,
      ...common,
    },
  });
}

/**
 * The PDF of what the document shows now, as a download; rendered within the asking user's share of the renderers
 * (a stored PDF of the same content needs none).
 */
export async function pdfResponse(
  db: Database,
  doc: DocumentView & Pick<PdfDocument, 'links' | 'meetings'>,
  opts: { owner: string; format: PdfErrorFormat; stamp?: string; ifNoneMatch?: string | null },
): Promise<Response> {
  try {
    const result = await getOrRenderPdf(db, doc, (content, o) => withPdfShare(opts.owner, () => getPdfPool().render(content, o)), {
      owner: opts.owner,
      stamp: opts.stamp,
    });
    return pdfDownload(result, pdfFilename(doc.title), opts.ifNoneMatch);
  } catch (e) {
    if (e instanceof PdfRenderError) return pdfErrorResponse(e, opts.format);
    throw e;
  }
}

/**
 * `GET …/:id.pdf` for an actor: a repeat download is answered from one statement (access check, source stamp and the
 * stored PDF's hash, see findStoredPdf) and the bytes kept in memory, without loading the document; otherwise the
 * document is loaded and rendered (or found by content hash). A document the actor may not read is a 404, as for
 * getDocument.
 */
export async function documentPdfResponse(
  db: Database,
  opts: { actor: Actor; id: string; format: PdfErrorFormat; stored?: StoredPdfLookup; ifNoneMatch?: string | null },
): Promise<Response> {
  const stored = opts.stored ?? (await findStoredPdf(db, { actor: opts.actor, id: opts.id }));
  if (!stored.found) throw notFound('No such document, or you may not read it.');
  if (stored.hit) {
    const { hash, asOf } = stored.hit;
    // A client that holds this content needs no bytes; else they come from memory (or one read). A row deleted since
    // the lookup (a newer render replaced it) falls through to the slow path.
    const bytes = etagMatches(opts.ifNoneMatch, `"${hash}"`) ? null : await storedPdfBytes(db, stored.id, hash);
    if (bytes || etagMatches(opts.ifNoneMatch, `"${hash}"`))
      return pdfDownload({ bytes, hash, asOf, cached: true }, pdfFilename(stored.title), opts.ifNoneMatch);
  }
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  const links = await publishedLinks(db, doc.id);
  const meetings = doc.kind === 'checklist' ? await pdfMeetings(db, doc.id) : [];
  return pdfResponse(
    db,
    { ...doc, ...(links.length ? { links } : {}), ...(meetings.length ? { meetings } : {}) },
    { owner: opts.actor.id, format: opts.format, stamp: stored.stamp, ifNoneMatch: opts.ifNoneMatch },
  );
}

/**
 * `GET …/:id.pdf` once the actor and the stored-PDF lookup are known: the PDF export limits (user and address; counted
 * in memory far from the limit, so most downloads wait for no write) answer first (a 429 before a 404).
 */
export async function documentPdfExport(
  context: AppLoadContext,
  opts: { actor: Actor; id: string; address: string; format: PdfErrorFormat; stored?: StoredPdfLookup; ifNoneMatch?: string | null },
): Promise<Response> {
  const [limits, stored] = await Promise.allSettled([
    enforcePdfExportLimits(context, { userId: opts.actor.id, address: opts.address, format: opts.format }),
    opts.stored ?? findStoredPdf(context.db, { actor: opts.actor, id: opts.id }),
  ]);
  if (limits.status === 'rejected') throw limits.reason;
  if (stored.status === 'rejected') throw stored.reason;
  return documentPdfResponse(context.db, { ...opts, stored: stored.value });
}

/**
 * `GET /api/v1/documents/:id/pdf`: its route's loader, which server.mjs also calls itself for a plain GET of that path
 * (no query string, an id that needs no decoding: API_DOCUMENT_PDF_PATH), before Remix's routing. Same request, same
 * load context, same answer; the routing cost about as much CPU as a repeat download's whole work. The token, its user
 * and the stored PDF are read in one statement (findTokenAndStoredPdf).
 */
export const apiDocumentPdf = (request: Request, context: AppLoadContext, id: string): Promise<Response> =>
  api(async () => {
    const found = await requireApiActorWith(request, context, 'viewer', (db, token) => findTokenAndStoredPdf(db, { token, id }));
    await noteTokenUse(context.db, found.tokenId, found.lastUsedAt);
    return documentPdfExport(context, {
      actor: found.actor,
      id,
      address: clientIp(request, context),
      format: 'json',
      stored: found.stored,
      ifNoneMatch: request.headers.get('if-none-match'),
    });
  });

/** The paths server.mjs answers with apiDocumentPdf (the id is group 1); anything else goes through Remix. */
export const API_DOCUMENT_PDF_PATH = /^\/api\/v1\/documents\/([0-9A-Za-z-]{1,100})\/pdf$/;
