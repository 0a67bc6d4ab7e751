/**
 * Stage timings of a warm render of the reference RCA (not a test): reconcile, layout (yoga, textkit, pagination),
 * pdfkit (drawing, footers, compression, writing). `tsx test/bench/pdf-stages.ts`; PROFILE_RUNS (default 20).
 * Mirrors renderWithFooter in app/pdf/stamp.ts step by step.
 */
export {};
process.env.NODE_ENV ??= 'production';
const { pdf, Font } = await import('@react-pdf/renderer');
const layoutDocument = (await import('@react-pdf/layout')).default as unknown as (doc: unknown, fonts: unknown) => Promise<unknown>;
const renderPDF = (await import('@react-pdf/render')).default;
const PDFDocument = (await import('pdfkit')).default;
const { createElement: h } = await import('react');
const { DocumentPdf } = await import('../../app/pdf/document');
const { prepareFonts } = await import('../../app/pdf/fonts');
const { drawFooters } = await import('../../app/pdf/stamp');
const { footerText } = await import('../../app/pdf/render.server');
const { LONG_RCA_EXPORTED_AT, longRcaDocument } = await import('../fixtures/pdf-long-rca');

await prepareFonts();
const doc = longRcaDocument();
const runs = Number(process.env.PROFILE_RUNS) || 20;
const T: Record<string, number[]> = { reconcile: [], layout: [], pdfkit: [], total: [] };
for (let i = 0; i < runs + 3; i++) {
  const t0 = performance.now();
  const inst = pdf(h(DocumentPdf, { doc }) as never);
  const t1 = performance.now();
  const ctx = new PDFDocument({ compress: true, displayTitle: true, autoFirstPage: false, bufferPages: true, info: {} });
  const layout = await layoutDocument(inst.container.document, Font);
  const t2 = performance.now();
  const chunks: Buffer[] = [];
  ctx.on('data', (c) => chunks.push(c));
  const done = new Promise<void>((r) => ctx.on('end', r));
  const end = ctx.end;
  ctx.end = () => {
    drawFooters(ctx, footerText(doc, LONG_RCA_EXPORTED_AT));
    end.call(ctx);
  };
  renderPDF(ctx as never, layout as never);
  await done;
  Buffer.concat(chunks);
  const t3 = performance.now();
  if (i < 3) continue;
  T.reconcile.push(t1 - t0);
  T.layout.push(t2 - t1);
  T.pdfkit.push(t3 - t2);
  T.total.push(t3 - t0);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(
  `medians of ${runs}: ` +
    Object.entries(T)
      .map(([k, v]) => `${k} ${med(v).toFixed(1)} ms`)
      .join(', '),
);
