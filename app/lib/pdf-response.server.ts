import type { Database } from '../../db/client';
import { getDocument } from '~/models/document.server';
import type { Actor, DocumentView } from '~/models/types';
import type { PdfDocument } from '~/pdf/content';
import { publishedLinks } from '~/models/link.server';
import { pdfMeetings } from '~/models/meeting.server';
import { PdfBusyError, withPdfShare } from '~/pdf/admission.server';
import { type PdfResult, getOrRenderPdf, pdfFilename } from '~/pdf/cache.server';
import { getPdfPool, PdfRenderError } from '~/pdf/pool.server';
import { findStoredPdf } from '~/pdf/stored.server';
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

/** A rendered PDF as a download (the stored bytes as they are, no copy). */
export function pdfDownload(result: PdfResult, filename: string): Response {
  return new Response(result.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(result.bytes.length),
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, max-age=0, must-revalidate',
      ETag: `"${result.hash}"`,
      'X-Kaizen-Pdf-Cache': result.cached ? 'hit' : result.joined ? 'joined' : 'miss',
      'X-Kaizen-Pdf-As-Of': result.asOf.toISOString(),
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
  opts: { owner: string; format: PdfErrorFormat; stamp?: string },
): Promise<Response> {
  try {
    const result = await getOrRenderPdf(db, doc, (content, o) => withPdfShare(opts.owner, () => getPdfPool().render(content, o)), {
      owner: opts.owner,
      stamp: opts.stamp,
    });
    return pdfDownload(result, pdfFilename(doc.title));
  } catch (e) {
    if (e instanceof PdfRenderError) return pdfErrorResponse(e, opts.format);
    throw e;
  }
}

/**
 * `GET …/:id.pdf` for an actor: a repeat download is answered from one statement (access check, source stamp and the
 * stored bytes, see findStoredPdf) without loading the document; otherwise the document is loaded and rendered (or
 * found by content hash). A document the actor may not read is a 404, as for getDocument.
 */
export async function documentPdfResponse(db: Database, opts: { actor: Actor; id: string; format: PdfErrorFormat }): Promise<Response> {
  const stored = await findStoredPdf(db, { actor: opts.actor, id: opts.id });
  if (!stored.found) throw notFound('No such document, or you may not read it.');
  if (stored.hit) return pdfDownload({ ...stored.hit, cached: true }, pdfFilename(stored.title));
  const doc = await getDocument(db, { actor: opts.actor, id: opts.id });
  const links = await publishedLinks(db, doc.id);
  const meetings = doc.kind === 'checklist' ? await pdfMeetings(db, doc.id) : [];
  return pdfResponse(
    db,
    { ...doc, ...(links.length ? { links } : {}), ...(meetings.length ? { meetings } : {}) },
    { owner: opts.actor.id, format: opts.format, stamp: stored.stamp },
  );
}
