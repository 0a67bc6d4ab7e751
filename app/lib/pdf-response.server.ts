import type { Database } from '../../db/client';
import type { DocumentView } from '../models/types';
import { PdfBusyError, withPdfShare } from '../pdf/admission.server';
import { type PdfResult, getOrRenderPdf, pdfFilename } from '../pdf/cache.server';
import { getPdfPool, PdfRenderError } from '../pdf/pool.server';

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
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...(status === 503 || status === 429 ? { 'Retry-After': String(retry) } : {}) };
  if (format === 'json') return Response.json({ error: { code: `pdf_${e.code}`, message } }, { status, headers });
  return new Response(`${message}\n`, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** A rendered PDF as a download. */
export function pdfDownload(result: PdfResult, filename: string): Response {
  return new Response(new Uint8Array(result.bytes), {
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
export async function pdfResponse(db: Database, doc: DocumentView, opts: { owner: string; format: PdfErrorFormat }): Promise<Response> {
  try {
    const result = await getOrRenderPdf(db, doc, (content, o) => withPdfShare(opts.owner, () => getPdfPool().render(content, o)), { owner: opts.owner });
    return pdfDownload(result, pdfFilename(doc.title));
  } catch (e) {
    if (e instanceof PdfRenderError) return pdfErrorResponse(e, opts.format);
    throw e;
  }
}
