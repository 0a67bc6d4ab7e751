import { createHash } from 'node:crypto';
import { and, desc, eq, ne, notInArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { digestPdfs, documentPdfs } from '../../db/schema';
import type { DocumentView } from '~/models/types';
import { PDF_RENDERER_REVISION, type PdfDecision, type PdfDocument, lastChangeAt, lastChangeOf } from '~/pdf/content';
import { readEnv } from '~/config.server';
import { pdfRenderSeconds } from '~/lib/metrics.server';
import { getPdfPool } from '~/pdf/pool.server';
import { keepPdfBytes } from '~/pdf/stored.server';

/** Renders a document as of an instant (the worker pool by default). `owner` is who asked (their share of the queue). */
export type PdfRenderer = (doc: PdfDocument, opts: { asOf: Date; owner?: string }) => Promise<Buffer>;
export type DigestRenderer = (
  docs: PdfDocument[],
  opts: { title: string; period: string; asOf: Date; owner?: string; timeoutMs?: number },
) => Promise<Buffer>;

const poolRender: PdfRenderer = (doc, opts) => getPdfPool().render(doc, opts);
const poolRenderDigest: DigestRenderer = (docs, opts) => getPdfPool().renderDigest(docs, opts);

/**
 * The launch decision as the PDF shows it: the one the document view carries (computed by the decision rules in
 * app/models/launch-decision.server.ts), so the page, the API and the PDF cannot disagree.
 */
export function pdfDecision(doc: DocumentView): PdfDecision | null {
  return doc.kind === 'checklist' ? doc.decision : null;
}

/** The document with everything the PDF shows (its decision included). */
export function pdfDocument(doc: DocumentView & Pick<PdfDocument, 'links' | 'meetings'>): PdfDocument {
  return { ...doc, decision: pdfDecision(doc) };
}

/** Hash of the content a PDF is drawn from (and the renderer revision): equal hashes, equal PDFs. */
export function contentHash(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify({ renderer: PDF_RENDERER_REVISION, value }))
    .digest('hex');
}

export type PdfResult = { bytes: Buffer; cached: boolean; joined?: boolean; hash: string; asOf: Date };

/** In-flight renders by content hash, so concurrent first requests for the same content render once. */
const inflight = new Map<string, Promise<Buffer>>();

async function cachedOrRender(
  key: string,
  lookup: () => Promise<Uint8Array | undefined>,
  render: () => Promise<Buffer>,
  store: (bytes: Buffer, renderMs: number) => Promise<void>,
): Promise<{ bytes: Buffer; cached: boolean; joined?: boolean }> {
  const stored = await lookup();
  if (stored) return { bytes: Buffer.isBuffer(stored) ? stored : Buffer.from(stored), cached: true };
  const running = inflight.get(key);
  if (running) return { bytes: await running, cached: false, joined: true };
  const pending = (async () => {
    const t0 = performance.now();
    const bytes = await render();
    await store(bytes, Math.round(performance.now() - t0));
    return bytes;
  })().finally(() => inflight.delete(key));
  inflight.set(key, pending);
  return { bytes: await pending, cached: false };
}

/**
 * The PDF of exactly what the document shows now: from `document_pdfs` when a PDF of this content is stored, else
 * rendered and stored (older PDFs of the document are removed). A new sign-off, an action item's change or an edit
 * changes the content hash, so a stale PDF cannot be served. `stamp`: the source stamp read before `doc` was loaded
 * (findStoredPdf), recorded with the PDF so the next download of the same state needs no document load.
 */
export async function getOrRenderPdf(
  db: Database,
  doc: DocumentView & Pick<PdfDocument, 'links' | 'meetings'>,
  render: PdfRenderer = poolRender,
  opts: { owner?: string; stamp?: string } = {},
): Promise<PdfResult> {
  const content = pdfDocument(doc);
  const hash = contentHash(content);
  const asOf = lastChangeAt(content);
  const key = and(eq(documentPdfs.documentId, doc.id), eq(documentPdfs.contentHash, hash));
  const result = await cachedOrRender(
    `doc:${doc.id}:${hash}`,
    async () => {
      const [row] = await db.select({ bytes: documentPdfs.bytes, stamp: documentPdfs.sourceStamp }).from(documentPdfs).where(key).limit(1);
      if (row && opts.stamp && row.stamp !== opts.stamp) await db.update(documentPdfs).set({ sourceStamp: opts.stamp, asOf }).where(key);
      return row?.bytes;
    },
    () => render(content, { asOf, owner: opts.owner }),
    async (bytes, renderMs) => {
      pdfRenderSeconds.observe({ kind: 'document' }, renderMs / 1000);
      await db.transaction(async (tx) => {
        await tx
          .insert(documentPdfs)
          .values({ documentId: doc.id, contentHash: hash, version: doc.version, bytes, renderMs, sourceStamp: opts.stamp ?? null, asOf })
          .onConflictDoNothing();
        await tx.delete(documentPdfs).where(and(eq(documentPdfs.documentId, doc.id), ne(documentPdfs.contentHash, hash)));
      });
    },
  );
  keepPdfBytes(db, doc.id, hash, result.bytes);
  return { ...result, hash, asOf };
}

/** Digests kept in `digest_pdfs` (the newest ones; older ones are removed when a new one is stored). */
export const DIGESTS_KEPT = 50;

/**
 * A digest's render time bound: the pool's bound for one document plus 2 s per document (a digest of 50 documents is
 * some 50 documents of layout, more than one document's 30 s bound allows on a loaded machine).
 */
export function digestTimeoutMs(documents: number): number {
  const base = readEnv().PDF_RENDER_TIMEOUT_MS ?? 30_000;
  return base + 2_000 * documents;
}

/** A digest of these documents, cached like documents: by a hash of everything it shows. */
export async function getOrRenderDigest(
  db: Database,
  docs: DocumentView[],
  opts: { title: string; period: string; owner?: string },
  render: DigestRenderer = poolRenderDigest,
): Promise<PdfResult> {
  const content = docs.map(pdfDocument);
  const hash = contentHash({ digest: { title: opts.title, period: opts.period }, docs: content });
  const asOf = lastChangeOf(content);
  const result = await cachedOrRender(
    `digest:${hash}`,
    async () => (await db.select({ bytes: digestPdfs.bytes }).from(digestPdfs).where(eq(digestPdfs.contentHash, hash)).limit(1))[0]?.bytes,
    () => render(content, { title: opts.title, period: opts.period, asOf, owner: opts.owner, timeoutMs: digestTimeoutMs(content.length) }),
    async (bytes, renderMs) => {
      pdfRenderSeconds.observe({ kind: 'digest' }, renderMs / 1000);
      await db.insert(digestPdfs).values({ contentHash: hash, bytes, renderMs }).onConflictDoNothing();
      const keep = db.select({ h: digestPdfs.contentHash }).from(digestPdfs).orderBy(desc(digestPdfs.createdAt)).limit(DIGESTS_KEPT);
      await db.delete(digestPdfs).where(notInArray(digestPdfs.contentHash, keep));
    },
  );
  return { ...result, hash, asOf };
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
