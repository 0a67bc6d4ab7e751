import { type ReactElement, createContext, useContext } from 'react';
import { Text, View, renderToBuffer } from '@react-pdf/renderer';
import type PDFDocument from 'pdfkit';
import { wrapEmoji } from '~/pdf/emoji';
import { type PdfMeta, renderPath, renderWithInternals } from '~/pdf/internals';

export type { PdfMeta };

/** Footer text is ASCII-only (Helvetica, not embedded); anything else is replaced. */
const ascii = (t: string) => t.replace(/[^\x20-\x7E]/g, '?');

/** A4 height in points: the footer sits at a fixed distance from the page's top (a `bottom` offset put it off the page). */
const PAGE_HEIGHT = 841.89;
const FOOTER_TEXT = { fontFamily: 'Helvetica', fontSize: 7.5, color: '#5c5c5c' } as const;

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
    ctx
      .lineWidth(0.5)
      .strokeColor('#c7c7c7')
      .moveTo(44, height - 34)
      .lineTo(width - 44, height - 34)
      .stroke();
    ctx.font('Helvetica').fontSize(FOOTER_TEXT.fontSize).fillColor(FOOTER_TEXT.color);
    ctx.text(left, 44, height - 22, { lineBreak: false, baseline: 'alphabetic' });
    ctx.text(right, width - 44 - ctx.widthOfString(right), height - 22, { lineBreak: false, baseline: 'alphabetic' });
    ctx.restore();
  }
}

/** Set only while rendering through the supported path: the footer text and the metadata for Document. */
const SupportedPathContext = createContext<{ footerLeft: string; meta: PdfMeta } | null>(null);

/**
 * The footer as react-pdf elements, for the supported path only (the internals path draws it with pdfkit after layout
 * and renders nothing here): fixed on every page, "page n of N" through a `render` prop (a second layout pass). Every
 * Page lists it as its last child.
 */
export function PageFooter() {
  const supported = useContext(SupportedPathContext);
  if (!supported) return null;
  return (
    <View
      fixed
      style={{
        position: 'absolute',
        left: 44,
        right: 44,
        top: PAGE_HEIGHT - 34,
        paddingTop: 6,
        borderTopWidth: 0.5,
        borderTopColor: '#c7c7c7',
        flexDirection: 'row',
        justifyContent: 'space-between',
      }}
    >
      <Text style={FOOTER_TEXT}>{ascii(supported.footerLeft)}</Text>
      <Text style={FOOTER_TEXT} render={({ pageNumber, totalPages }) => `page ${pageNumber} of ${totalPages}`} />
    </View>
  );
}

/**
 * Whether this render takes the supported path: the Page then uses react-pdf's default paginator (its experimental
 * one-pass engine does not repeat fixed elements such as the footer on every page).
 */
export function useSupportedPath(): boolean {
  return useContext(SupportedPathContext) !== null;
}

/** Document props for the metadata on the supported path (the internals path has pdfkit write them): spread them last. */
export function useSupportedPathMeta(): Record<string, unknown> {
  const supported = useContext(SupportedPathContext);
  if (!supported) return {};
  const { meta } = supported;
  return {
    title: meta.title,
    author: meta.author,
    subject: meta.subject,
    keywords: meta.keywords.join(' '),
    creator: 'Kaizen',
    producer: 'Kaizen (react-pdf)',
    creationDate: meta.createdAt,
    modificationDate: meta.createdAt,
  };
}

/**
 * react-pdf's supported API only: `renderToBuffer`, the footer as fixed elements (PageFooter), the metadata as
 * Document props. Used when the installed versions are not the ones internals.ts was written for. Emoji sequences are
 * not joined into one run (the per-code-point font fallback still draws single emoji).
 */
export async function renderSupported(element: ReactElement, footerLeft: string, meta: PdfMeta): Promise<Buffer> {
  const root = <SupportedPathContext.Provider value={{ footerLeft, meta }}>{element}</SupportedPathContext.Provider>;
  return renderToBuffer(root as Parameters<typeof renderToBuffer>[0]);
}

/**
 * The finished PDF with the footer on every page and the metadata: through react-pdf's internals (internals.ts, one
 * layout pass, footers drawn by pdfkit) when the installed versions are the pinned ones, else the supported path.
 * `path` overrides the process's choice (tests compare the two).
 */
export async function renderWithFooter(element: ReactElement, footerLeft: string, meta: PdfMeta, path = renderPath()): Promise<Buffer> {
  if (path === 'supported') return renderSupported(element, footerLeft, meta);
  return renderWithInternals(element, meta, { beforeLayout: wrapEmoji, drawOnPages: (ctx) => drawFooters(ctx, footerLeft) });
}
