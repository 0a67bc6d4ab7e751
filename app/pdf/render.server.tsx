import type { DocumentView } from '~/models/types';
import { type PdfDocument, lastChangeAt } from '~/pdf/content';
import { DocumentPdf } from '~/pdf/document';
import { prepareFonts } from '~/pdf/fonts';
import { formatUtc } from '~/pdf/format';
import type { RenderPath } from '~/pdf/internals';
import { renderWithFooter } from '~/pdf/stamp';

/**
 * `asOf`: the instant the PDF shows the document at; default the time of its last change (see content.ts). `path`:
 * force a render path (tests); default the process's choice (internals.ts `renderPath`).
 */
export type RenderOptions = { asOf?: Date; path?: RenderPath };

/** Footer line shared by the document and digest renderers: the content's time, not the render's. */
export function footerText(doc: Pick<DocumentView, 'id' | 'version'>, asOf: Date): string {
  return `Kaizen  |  document ${doc.id}  |  version ${doc.version}  |  as of ${formatUtc(asOf.toISOString())}`;
}

/** Renders one document to PDF bytes in this thread. The pool (pool.server.ts) runs this in workers. */
export async function renderDocumentPdf(doc: PdfDocument, opts: RenderOptions = {}): Promise<Buffer> {
  await prepareFonts();
  const asOf = opts.asOf ?? lastChangeAt(doc);
  return renderWithFooter(
    <DocumentPdf doc={doc} />,
    footerText(doc, asOf),
    {
      title: doc.title,
      author: doc.authorName ?? '',
      subject: `${doc.template.title} (${doc.kind}${doc.severity ? `, ${doc.severity}` : ''}${doc.service ? `, ${doc.service}` : ''})`,
      keywords: doc.tags,
      createdAt: asOf,
    },
    opts.path,
  );
}
