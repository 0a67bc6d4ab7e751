/**
 * Profiling helper (not a test): renders the reference RCA N times in-process and prints per-render timings.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/profile-render.ts
 * PROFILE_RUNS (default 20).
 */
export {};
process.env.NODE_ENV ??= 'production';
const { renderDocumentPdf } = await import('../../app/pdf/render.server');
const { LONG_RCA_EXPORTED_AT, longRcaDocument } = await import('../fixtures/pdf-long-rca');

const doc = longRcaDocument();
const runs = Number(process.env.PROFILE_RUNS) || 20;
for (let i = 0; i < 3; i++) await renderDocumentPdf(doc, { asOf: LONG_RCA_EXPORTED_AT });
const times: number[] = [];
let size = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const pdf = await renderDocumentPdf(doc, { asOf: LONG_RCA_EXPORTED_AT });
  times.push(performance.now() - t0);
  size = pdf.length;
}
times.sort((a, b) => a - b);
console.log(`median ${times[times.length >> 1].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, size ${size} bytes`);
