import type { Database } from '../../db/client';
import type { DocumentView } from '../models/types';
import { getOrRenderPdf, pdfFilename } from '../pdf/cache.server';
import { PdfRenderError } from '../pdf/pool.server';
import { HttpError } from './errors.server';

/** The PDF of a document version as a download; a render that fails or runs too long is a clear error for this request only. */
export async function pdfResponse(db: Database, doc: DocumentView): Promise<Response> {
  let result: { bytes: Buffer; cached: boolean; joined?: boolean };
  try {
    result = await getOrRenderPdf(db, doc);
  } catch (e) {
    if (e instanceof PdfRenderError) {
      const status = e.code === 'timeout' ? 504 : 503;
      const message =
        e.code === 'timeout'
          ? 'Rendering this PDF took too long and was stopped. Try again; if it keeps happening, the document may be too large to export.'
          : e.code === 'queue_full'
            ? 'Too many PDF exports are running. Try again in a minute.'
            : `The PDF could not be rendered: ${e.message}`;
      throw new HttpError(status, `pdf_${e.code}`, message);
    }
    throw e;
  }
  return new Response(new Uint8Array(result.bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(result.bytes.length),
      'Content-Disposition': `attachment; filename="${pdfFilename(doc.title)}"`,
      'Cache-Control': 'private, max-age=0, must-revalidate',
      ETag: `"${doc.id}-v${doc.version}"`,
      'X-Kaizen-Pdf-Cache': result.cached ? 'hit' : result.joined ? 'joined' : 'miss',
    },
  });
}
