import type { ReactElement } from 'react';
import { Font, pdf } from '@react-pdf/renderer';
import layoutDocument from '@react-pdf/layout';
import renderPDF from '@react-pdf/render';
import PDFDocument from 'pdfkit';
import { wrapEmoji } from './emoji';

export type PdfMeta = { title: string; author: string; subject: string; keywords: string[]; createdAt: Date };

/** Footer text is ASCII-only (Helvetica, not embedded); anything else is replaced. */
const ascii = (t: string) => t.replace(/[^\x20-\x7E]/g, '?');

/**
 * Draws "page n of N" plus a left-hand footer onto every finished page, after layout: a `render`-prop footer would
 * cost react-pdf a second layout pass. pdfkit keeps the pages in memory (`bufferPages`) until `end()`, so the footers
 * are drawn there, in the same pass that writes the file (the first version parsed and rewrote the finished PDF with
 * pdf-lib, ~15 ms of a 140 ms render).
 */
export function drawFooters(ctx: PDFDocument, footerLeft: string): void {
  const { start, count } = ctx.bufferedPageRange();
  const left = ascii(footerLeft);
  for (let i = start; i < start + count; i++) {
    ctx.switchToPage(i);
    const { width, height } = ctx.page;
    const right = `page ${i - start + 1} of ${count}`;
    ctx.save();
    ctx.lineWidth(0.5).strokeColor('#c7c7c7').moveTo(44, height - 34).lineTo(width - 44, height - 34).stroke();
    ctx.font('Helvetica').fontSize(7.5).fillColor('#5c5c5c');
    ctx.text(left, 44, height - 22, { lineBreak: false, baseline: 'alphabetic' });
    ctx.text(right, width - 44 - ctx.widthOfString(right), height - 22, { lineBreak: false, baseline: 'alphabetic' });
    ctx.restore();
  }
}

type LayoutFn = (doc: unknown, fontStore: typeof Font) => Promise<unknown>;

/**
 * pdfkit turns every content operator into its own byte array (`fromBinaryString(op + '\n')`) and concatenates them
 * when the page is written; a render issues tens of thousands of them. This collects a page's operators as strings
 * and hands them to the page in one piece (the same bytes: each operator followed by a newline). Returns the flush to
 * call before the document ends.
 */
function batchPageContent(ctx: PDFDocument): () => void {
  type Page = { write(chunk: unknown): unknown };
  const doc = ctx as unknown as { page: Page; addContent(data: unknown): unknown };
  let page: Page | null = null;
  let pending: string[] = [];
  const flush = () => {
    if (page && pending.length) page.write(pending.join('\n'));
    pending = [];
  };
  doc.addContent = function (this: { page: Page }, data: unknown) {
    if (this.page !== page) {
      flush();
      page = this.page;
    }
    if (typeof data === 'string') pending.push(data);
    else {
      flush();
      page.write(data);
    }
    return this;
  };
  return flush;
}

type PdfkitInternals = {
  _font: unknown;
  _fontFamilies: Record<string, unknown>;
  _registeredFonts: Record<string, unknown>;
  _fontCount: number;
  _fontSource: unknown;
  _fontFamily: unknown;
  fontSize(size: number): unknown;
  font(src: unknown, family?: unknown, size?: number): unknown;
};

const STANDARD_FONTS = new Set(['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique', 'Courier', 'Courier-Bold', 'Courier-Oblique', 'Courier-BoldOblique', 'Times-Roman', 'Times-Bold', 'Times-Italic', 'Times-BoldItalic']);
let donor: PDFDocument | null = null;
const standardTemplates = new Map<string, object>();

/**
 * pdfkit builds a standard font's metrics (glyph widths and ~2,700 kerning pairs from its AFM data) again in every
 * document that uses it (~2% of a render). The metrics do not depend on the document: this reuses them from fonts opened
 * once in a donor document, giving each document its own font object (id, dictionary) as pdfkit's `font()` would.
 */
function reuseStandardFontMetrics(ctx: PDFDocument): void {
  const doc = ctx as unknown as PdfkitInternals;
  const open = doc.font;
  doc.font = function (this: PdfkitInternals, src: unknown, family?: unknown, size?: number) {
    if (typeof src !== 'string' || typeof family !== 'number' || size !== undefined || !STANDARD_FONTS.has(src) || this._registeredFonts[src]) {
      return open.call(this, src, family, size);
    }
    this._fontSource = src;
    this._fontFamily = null;
    this.fontSize(family);
    let font = this._fontFamilies[src];
    if (!font) {
      let template = standardTemplates.get(src);
      if (!template) {
        donor ??= new PDFDocument({ autoFirstPage: false });
        donor.font(src);
        template = (donor as unknown as PdfkitInternals)._font as object;
        standardTemplates.set(src, template);
      }
      font = Object.assign(Object.create(Object.getPrototypeOf(template)), template, { document: this, id: `F${++this._fontCount}` });
      delete (font as { dictionary?: unknown }).dictionary;
      delete (font as { embedded?: unknown }).embedded;
      this._fontFamilies[src] = font;
    }
    this._font = font;
    return this;
  };
}

/**
 * react-pdf's `renderToBuffer`, with the PDF writer in our hands: the same steps (reconcile, layout, render with
 * pdfkit), plus the footer on every page and the document metadata (title, author, subject, keywords = tags,
 * creation date = export time) written by pdfkit itself.
 */
export async function renderWithFooter(element: ReactElement, footerLeft: string, meta: PdfMeta): Promise<Buffer> {
  const instance = pdf(element as Parameters<typeof pdf>[0]);
  const ctx = new PDFDocument({
    compress: true,
    displayTitle: true,
    autoFirstPage: false,
    bufferPages: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords.join(' '),
      Creator: 'Kaizen',
      Producer: 'Kaizen (react-pdf)',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  reuseStandardFontMetrics(ctx);
  const flushContent = batchPageContent(ctx);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    ctx.on('data', (c) => chunks.push(c));
    ctx.on('end', resolve);
    ctx.on('error', reject);
  });
  wrapEmoji(instance.container.document as never);
  const layout = await (layoutDocument as unknown as LayoutFn)(instance.container.document, Font);
  const end = ctx.end;
  ctx.end = () => {
    drawFooters(ctx, footerLeft);
    flushContent();
    end.call(ctx);
  };
  renderPDF(ctx as never, layout as never);
  await done;
  return Buffer.concat(chunks);
}
