import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export type PdfMeta = { title: string; author: string; subject: string; keywords: string[]; createdAt: Date };

/** Footer text is ASCII-only (Helvetica, not embedded); anything else is replaced. */
const ascii = (t: string) => t.replace(/[^\x20-\x7E]/g, '?');

/**
 * Stamps "page n of N" plus a left-hand footer onto every finished page and writes the metadata. Doing this after
 * layout avoids react-pdf's second layout pass for a dynamic `render` footer (~40% of the render time).
 */
export async function stampPages(pdf: Uint8Array, footerLeft: string, meta: PdfMeta): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = doc.getPages();
  const total = pages.length;
  const size = 7.5;
  const color = rgb(0.36, 0.36, 0.36);
  const left = ascii(footerLeft);
  pages.forEach((page, i) => {
    const { width } = page.getSize();
    const right = `page ${i + 1} of ${total}`;
    page.drawLine({ start: { x: 44, y: 34 }, end: { x: width - 44, y: 34 }, thickness: 0.5, color: rgb(0.78, 0.78, 0.78) });
    page.drawText(left, { x: 44, y: 22, size, font, color });
    page.drawText(right, { x: width - 44 - font.widthOfTextAtSize(right, size), y: 22, size, font, color });
  });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator('Kaizen');
  doc.setProducer('Kaizen (react-pdf, pdf-lib)');
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  return Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));
}
