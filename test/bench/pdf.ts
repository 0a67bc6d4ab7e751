/**
 * PDF export benchmark (`npm run bench:pdf`; not a test). Prints, for the fixed long RCA in
 * test/fixtures/pdf-long-rca.ts:
 *   (a) uncached export time: react-pdf in-process and through the worker pool, against headless Chromium printing the
 *       same content as HTML (browser already running), medians of the same run, and the ratio (target <= 1.0);
 *       plus the "naive" react-pdf variant (dynamic footer render prop, dictionary hyphenation) for before/after;
 *   (b) a repeat export of the same version from the database cache (target <= 10 ms);
 *   (c) main-thread latency p99 of an in-process HTTP /healthz while four exports run in the pool (target < 50 ms).
 * BENCH_RUNS (default 15) sets the sample count.
 */
import http from 'node:http';
import { launchChromium } from '../helpers/chromium';
import { createElement as h } from 'react';
import type { DocumentView } from '../../app/models/types';
import { CHROMIUM_FOOTER, documentHtml } from './html';

// React's production build, as in the pool's workers (set before react-pdf is loaded below).
process.env.NODE_ENV ??= 'production';
const { Document, Font, Page, Text, renderToBuffer } = await import('@react-pdf/renderer');
const { openDatabase } = await import('../../db/client');
const { documents } = await import('../../db/schema');
const { getOrRenderPdf } = await import('../../app/pdf/cache.server');
const { DocHeader, DocumentBody } = await import('../../app/pdf/document');
const { prepareFonts, splitLongWord } = await import('../../app/pdf/fonts');
const { createPdfPool } = await import('../../app/pdf/pool.server');
const { renderDocumentPdf } = await import('../../app/pdf/render.server');
const { s } = await import('../../app/pdf/styles');
const { LONG_RCA_EXPORTED_AT, longRcaDocument } = await import('../fixtures/pdf-long-rca');

const RUNS = Number(process.env.BENCH_RUNS) || 15;
const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

const doc: DocumentView = longRcaDocument();
await prepareFonts();

/** The "before" layout: a dynamic `render` footer (second layout pass) and dictionary hyphenation. */
async function renderNaive(): Promise<Buffer> {
  // react-pdf passes its built-in English hyphenator as a second argument.
  Font.registerHyphenationCallback(((w: string, builtin?: (w: string) => string[]) => (builtin ? builtin(w) : [w])) as (
    w: string,
  ) => string[]);
  try {
    return await renderToBuffer(
      h(
        Document,
        null,
        h(
          Page,
          { size: 'A4', style: s.page },
          h(DocHeader, { doc }),
          h(DocumentBody, { doc }),
          h(Text, {
            fixed: true,
            style: { position: 'absolute', bottom: 22, left: 44, right: 44, fontSize: 7.5 },
            render: ({ pageNumber, totalPages }: { pageNumber: number; totalPages: number }) =>
              `Kaizen | document ${doc.id} | version ${doc.version} | page ${pageNumber} of ${totalPages}`,
          }),
        ),
      ),
    );
  } finally {
    Font.registerHyphenationCallback(splitLongWord);
  }
}

async function main() {
  console.log(
    `PDF benchmark: long RCA (${(doc.fields.timeline as unknown[]).length} timeline entries, ${doc.actionItems.length} action items), ${RUNS} runs, Node ${process.version}`,
  );

  // --- (a) uncached export: react-pdf vs Chromium -----------------------------------------------------------------
  const browser = await launchChromium();
  const page = await browser.newPage();
  const html = documentHtml(doc, LONG_RCA_EXPORTED_AT);
  const chromiumPdf = async () => {
    await page.setContent(html);
    return page.pdf({
      format: 'A4',
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: CHROMIUM_FOOTER(doc, LONG_RCA_EXPORTED_AT),
      margin: { top: '40px', bottom: '56px', left: '44px', right: '44px' },
    });
  };
  const pool = createPdfPool();
  await pool.ready();

  // warm everything up
  for (let i = 0; i < 3; i++) {
    await chromiumPdf();
    await renderDocumentPdf(doc, { asOf: LONG_RCA_EXPORTED_AT });
    await renderNaive();
    await pool.render(doc, { asOf: LONG_RCA_EXPORTED_AT });
  }
  const t = { chromium: [] as number[], inproc: [] as number[], pool: [] as number[], naive: [] as number[] };
  let pages = { chromium: 0, reactPdf: 0 };
  // Interleaved so that noise from other processes hits every variant alike.
  for (let i = 0; i < RUNS; i++) {
    const [tc, cb] = await time(chromiumPdf);
    const [ti, ib] = await time(() => renderDocumentPdf(doc, { asOf: LONG_RCA_EXPORTED_AT }));
    const [tp] = await time(() => pool.render(doc, { asOf: LONG_RCA_EXPORTED_AT }));
    const [tn] = await time(renderNaive);
    t.chromium.push(tc);
    t.inproc.push(ti);
    t.pool.push(tp);
    t.naive.push(tn);
    pages = {
      chromium: (cb.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length,
      reactPdf: (ib.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length,
    };
  }
  await browser.close();
  const c = median(t.chromium);
  console.log('\n(a) uncached export, median of', RUNS);
  console.log(`    headless Chromium (setContent + page.pdf)   ${ms(c)}   (${pages.chromium} pages)`);
  console.log(`    react-pdf naive (render-prop footer, hyph.) ${ms(median(t.naive))}   ratio ${(median(t.naive) / c).toFixed(2)}`);
  console.log(
    `    react-pdf in-process (renderDocumentPdf)    ${ms(median(t.inproc))}   ratio ${(median(t.inproc) / c).toFixed(2)}   (${pages.reactPdf} pages)`,
  );
  console.log(
    `    react-pdf via worker pool                   ${ms(median(t.pool))}   ratio ${(median(t.pool) / c).toFixed(2)}   (target <= 1.0)`,
  );

  // --- (b) cached repeat export ---------------------------------------------------------------------------------
  const database = await openDatabase({ dataDir: null });
  await database.db.insert(documents).values({
    id: doc.id,
    templateKey: doc.template.key,
    templateVersion: doc.template.version,
    kind: doc.kind,
    title: doc.title,
    version: doc.version,
  });
  const render = (d: DocumentView) => pool.render(d, { asOf: LONG_RCA_EXPORTED_AT });
  const [first, r0] = await time(() => getOrRenderPdf(database.db, doc, render));
  const cached: number[] = [];
  for (let i = 0; i < Math.max(RUNS, 30); i++) {
    const [tc, r] = await time(() => getOrRenderPdf(database.db, doc, render));
    if (!r.cached) throw new Error('expected a cache hit');
    cached.push(tc);
  }
  await database.close();
  console.log('\n(b) export from the document_pdfs cache (PGlite in memory)');
  console.log(`    first (render + store, cached=${r0.cached})   ${ms(first)}`);
  console.log(`    repeat, median / p99                        ${ms(median(cached))} / ${ms(pct(cached, 99))}   (target <= 10 ms)`);

  // --- (c) main-thread latency while four exports run -------------------------------------------------------------
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ping = () =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(performance.now() - t0));
        })
        .on('error', reject);
    });
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) idle.push(await ping());
  const busy: number[] = [];
  let running = true;
  const pinger = (async () => {
    while (running) {
      busy.push(await ping());
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const [batch] = await time(() => Promise.all([0, 1, 2, 3].map(() => pool.render(doc, { asOf: LONG_RCA_EXPORTED_AT }))));
  running = false;
  await pinger;
  server.close();
  agent.destroy();
  console.log('\n(c) /healthz on the main thread while four exports run in the pool');
  console.log(
    `    idle p99 ${ms(pct(idle, 99))}; busy: ${busy.length} pings, p50 ${ms(median(busy))}, p99 ${ms(pct(busy, 99))}, max ${ms(Math.max(...busy))}   (target < 50 ms)`,
  );
  console.log(`    four concurrent exports took ${ms(batch)} on a pool of ${pool.stats().size} workers`);
  await pool.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
