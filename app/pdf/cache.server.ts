import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { documentPdfs } from '../../db/schema';
import type { DocumentView } from '../models/types';
import { getPdfPool } from './pool.server';

export type PdfRenderer = (doc: DocumentView) => Promise<Buffer>;

/** In-flight renders by (document, version), so concurrent first requests render once. */
const inflight = new Map<string, Promise<Buffer>>();

/**
 * The PDF of this exact document version: from `document_pdfs` when stored, else rendered (in the worker pool by
 * default) and stored. A version never changes once saved, so the cache needs no invalidation; a new version is a
 * new key.
 */
export async function getOrRenderPdf(db: Database, doc: DocumentView, render: PdfRenderer = (d) => getPdfPool().render(d)): Promise<{ bytes: Buffer; cached: boolean; joined?: boolean }> {
  const [row] = await db
    .select({ bytes: documentPdfs.bytes })
    .from(documentPdfs)
    .where(and(eq(documentPdfs.documentId, doc.id), eq(documentPdfs.version, doc.version)))
    .limit(1);
  if (row) return { bytes: Buffer.isBuffer(row.bytes) ? row.bytes : Buffer.from(row.bytes), cached: true };

  const key = `${doc.id}@${doc.version}`;
  const running = inflight.get(key);
  // Joining a render already under way (e.g. the one started when the document was published).
  if (running) return { bytes: await running, cached: false, joined: true };
  const pending = (async () => {
    const t0 = performance.now();
    const bytes = await render(doc);
    const renderMs = Math.round(performance.now() - t0);
    await db.insert(documentPdfs).values({ documentId: doc.id, version: doc.version, bytes, renderMs }).onConflictDoNothing();
    return bytes;
  })().finally(() => inflight.delete(key));
  inflight.set(key, pending);
  return { bytes: await pending, cached: false };
}

/** A download file name: ASCII letters, digits, '-', '_' and '.', never empty, at most 100 characters, ending .pdf. */
export function pdfFilename(title: string): string {
  const base = (title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 96)
    .replace(/[-.]+$/g, '');
  return `${base || 'document'}.pdf`;
}
