/** Stage timings of one render of the reference RCA (reconcile, layout, pdfkit render, stamp): `tsx test/bench/pdf-stages.ts`. */
export {};
process.env.NODE_ENV ??= 'production';
const { pdf, Font } = await import('@react-pdf/renderer');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const layoutDocument = (await import('@react-pdf/layout')).default;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const renderPDF = (await import('@react-pdf/render')).default;
// @ts-expect-error pdfkit (react-pdf's dependency) has no types here
const PDFDocument = (await import('pdfkit')).default;
const { createElement: h } = await import('react');
const { DocumentPdf } = await import('../../app/pdf/document');
const { prepareFonts } = await import('../../app/pdf/fonts');
const { stampPages } = await import('../../app/pdf/stamp');
const { footerText } = await import('../../app/pdf/render.server');
const { LONG_RCA_EXPORTED_AT, longRcaDocument } = await import('../../test/fixtures/pdf-long-rca');
await prepareFonts();
const doc = longRcaDocument();
const T: Record<string, number[]> = { reconcile: [], layout: [], render: [], stamp: [], total: [] };
for (let i = 0; i < 23; i++) {
  const t0 = performance.now();
  const inst = pdf(h(DocumentPdf, { doc }) as never);
  const t1 = performance.now();
  const ctx = new PDFDocument({ compress: true, displayTitle: true, autoFirstPage: false, info: {} });
  const layout = await (layoutDocument as (...a: unknown[]) => Promise<unknown>)(inst.container.document, Font);
  const t2 = performance.now();
  const chunks: Buffer[] = [];
  ctx.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => ctx.on('end', r));
  renderPDF(ctx, layout as never);
  await done;
  const raw = Buffer.concat(chunks);
  const t3 = performance.now();
  await stampPages(raw, footerText(doc, LONG_RCA_EXPORTED_AT), { title: 'x', author: 'a', subject: 's', keywords: [], createdAt: LONG_RCA_EXPORTED_AT });
  const t4 = performance.now();
  if (i < 3) continue;
  T.reconcile.push(t1 - t0); T.layout.push(t2 - t1); T.render.push(t3 - t2); T.stamp.push(t4 - t3); T.total.push(t4 - t0);
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(Object.entries(T).map(([k, v]) => `${k} ${med(v).toFixed(1)}`).join('  '));
