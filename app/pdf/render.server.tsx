import type { DocumentView } from '../models/types';
import { DocumentPdf } from './document';
import { prepareFonts } from './fonts';
import { formatUtc } from './format';
import { renderWithFooter } from './stamp';

export type RenderOptions = { exportedAt?: Date };

/** Footer line shared by the document and digest renderers. */
export function footerText(doc: Pick<DocumentView, 'id' | 'version'>, exportedAt: Date): string {
  return `Kaizen  |  document ${doc.id}  |  version ${doc.version}  |  exported ${formatUtc(exportedAt.toISOString())}`;
}

/** Renders one document to PDF bytes in this thread. The pool (pool.server.ts) runs this in workers. */
export async function renderDocumentPdf(doc: DocumentView, opts: RenderOptions = {}): Promise<Buffer> {
  await prepareFonts();
  const exportedAt = opts.exportedAt ?? new Date();
  return renderWithFooter(<DocumentPdf doc={doc} />, footerText(doc, exportedAt), {
    title: doc.title,
    author: doc.authorName ?? '',
    subject: `${doc.template.title} (${doc.kind}${doc.severity ? `, ${doc.severity}` : ''}${doc.service ? `, ${doc.service}` : ''})`,
    keywords: doc.tags,
    createdAt: exportedAt,
  });
}
