// PDF render worker (worker_threads). Plain JS so it loads the same way under tsx, vitest and the Remix server build:
// it registers tsx in this thread and imports the TypeScript renderer from the source tree.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderDocumentPdf } = await import('./render.server.tsx');
const { renderDigestPdf } = await import('./digest.server.tsx');
const { warmupDocument } = await import('./warmup.ts');

async function handle(msg) {
  const exportedAt = msg.exportedAt ? new Date(msg.exportedAt) : undefined;
  if (msg.type === 'digest') return renderDigestPdf(msg.docs, { ...msg.opts, exportedAt });
  return renderDocumentPdf(msg.doc, { exportedAt });
}

parentPort.on('message', async (msg) => {
  try {
    const buf = await handle(msg);
    // Copy into a transferable ArrayBuffer of exactly this size (Buffers may share a pooled slab).
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    parentPort.postMessage({ id: msg.id, ok: true, bytes: ab }, [ab]);
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});

// Warm up: fonts, modules and wasm cost ~3x a warm render the first time.
const t0 = performance.now();
if (!workerData?.skipWarmup) await renderDocumentPdf(warmupDocument());
parentPort.postMessage({ ready: true, warmupMs: Math.round(performance.now() - t0) });
