/**
 * Worker-pool overhead (not a test): the reference RCA rendered in-process and through a pool of PDF_POOL_SIZE (1)
 * workers, sequentially, after a warm-up. `tsx test/bench/pdf-pool.ts`; PROFILE_RUNS (default 20).
 */
export {};
process.env.NODE_ENV ??= 'production';
const { createPdfPool } = await import('../../app/pdf/pool.server');
const { renderDocumentPdf } = await import('../../app/pdf/render.server');
const { LONG_RCA_EXPORTED_AT, longRcaDocument } = await import('../fixtures/pdf-long-rca');

const doc = longRcaDocument();
const runs = Number(process.env.PROFILE_RUNS) || 20;
const pool = createPdfPool({ size: Number(process.env.PDF_POOL_SIZE) || 1 });
await pool.ready();
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const t = { inproc: [] as number[], pool: [] as number[] };
for (let i = 0; i < runs + 5; i++) {
  let t0 = performance.now();
  await renderDocumentPdf(doc, { asOf: LONG_RCA_EXPORTED_AT });
  const a = performance.now() - t0;
  t0 = performance.now();
  await pool.render(doc, { asOf: LONG_RCA_EXPORTED_AT });
  const b = performance.now() - t0;
  if (i >= 5) {
    t.inproc.push(a);
    t.pool.push(b);
  }
}
console.log(`medians of ${runs}: in-process ${med(t.inproc).toFixed(1)} ms, pool ${med(t.pool).toFixed(1)} ms`);
await pool.close();
