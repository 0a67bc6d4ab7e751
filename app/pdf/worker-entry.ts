// The PDF worker's body. Loaded by worker.mjs through tsx, or bundled on its own:
//   npx esbuild app/pdf/worker-entry.ts --bundle --platform=node --format=esm --packages=external --outfile=build/pdf-worker.js
// and run with PDF_WORKER_PATH=build/pdf-worker.js.
import { parentPort, workerData } from 'node:worker_threads';
import type { PdfDocument } from '~/pdf/content';
import { renderDigestPdf } from '~/pdf/digest.server';
import { renderPathChoice } from '~/pdf/internals';
import { renderDocumentPdf } from '~/pdf/render.server';
import { warmupDocument, warmupLatinDocument } from '~/pdf/warmup';

type Message =
  | { id: number; type: 'doc'; doc: PdfDocument; asOf?: string }
  | { id: number; type: 'digest'; docs: PdfDocument[]; opts: { title: string; period: string }; asOf?: string };

async function handle(msg: Message): Promise<Buffer> {
  const asOf = msg.asOf ? new Date(msg.asOf) : undefined;
  if (msg.type === 'digest') return renderDigestPdf(msg.docs, { ...msg.opts, asOf });
  return renderDocumentPdf(msg.doc, { asOf });
}

const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');

port.on('message', async (msg: Message) => {
  try {
    const buf = await handle(msg);
    // A transferable ArrayBuffer of exactly this size (Buffers may share a pooled slab).
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    port.postMessage({ id: msg.id, ok: true, bytes: ab }, [ab]);
  } catch (e) {
    port.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});

// Warm up: fonts, modules and wasm cost ~3x a warm render the first time; the JIT needs a few renders of the common
// (Latin, standard fonts) path before it runs at full speed.
const t0 = performance.now();
if (!(workerData as { skipWarmup?: boolean } | null)?.skipWarmup) {
  await renderDocumentPdf(warmupDocument());
  const latin = warmupLatinDocument();
  for (let i = 0; i < 6; i++) await renderDocumentPdf(latin);
}
port.postMessage({ ready: true, warmupMs: Math.round(performance.now() - t0), renderPath: renderPathChoice() });
