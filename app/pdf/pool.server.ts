import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readEnv } from '~/config.server';
import type { PdfDocument } from '~/pdf/content';

/**
 * `asOf`: the instant printed in the footer (default: the content's last change). `timeoutMs` overrides the pool's
 * render time bound for this call. `owner` (a user id) is who asked: one owner's renders run at most `perOwner` at a
 * time, so a flood from one user leaves workers for everyone else.
 */
export type PdfRenderOptions = { asOf?: Date; timeoutMs?: number; owner?: string };
export type DigestOptions = { title: string; period: string; asOf?: Date; timeoutMs?: number; owner?: string };

export type PdfPool = {
  render(doc: PdfDocument, opts?: PdfRenderOptions): Promise<Buffer>;
  renderDigest(docs: PdfDocument[], opts: DigestOptions): Promise<Buffer>;
  /**
   * Starts every worker now (up to the pool size) and resolves once each has rendered its warm-up documents. Without
   * it, workers start on first use: a render starts one when none is free.
   */
  ready(): Promise<void>;
  stats(): { size: number; busy: number; queued: number; replaced: number };
  close(): Promise<void>;
};

export type PdfPoolOptions = {
  /** Most workers at once; default the CPU count (PDF_POOL_SIZE overrides). None runs until there is work (or `ready()`). */
  size?: number;
  /**
   * A worker without work for this long is stopped (down to none), so an idle server gives the memory back (a warm
   * worker holds ~100–250 MB); default 120 s (PDF_POOL_IDLE_MS). The next render starts a worker again (a cold start,
   * with warm-up: about a second).
   */
  idleTimeoutMs?: number;
  /** A render taking longer fails with PdfRenderError and its worker is replaced; default 30 s (PDF_RENDER_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Renders waiting beyond this many are refused at once; default 200. */
  maxQueue?: number;
  /**
   * Renders of one owner running at once; default one less than the pool size (at least 1), PDF_POOL_PER_OWNER
   * overrides. Their further renders wait while other owners' renders go first.
   */
  perOwner?: number;
  /** A render still waiting for a worker after this long gives up (code 'queue_timeout'); default 60 s (PDF_QUEUE_TIMEOUT_MS). */
  queueTimeoutMs?: number;
  /** Heap limit per worker, so one huge document kills only its worker; default 768 MB. */
  maxOldGenerationSizeMb?: number;
  /**
   * Young generation per worker; default 192 MB (semi-spaces of 64 MB), PDF_WORKER_YOUNG_MB overrides. A render
   * allocates many short-lived layout objects; with V8's default (16 MB semi-spaces) scavenges were ~19% of a render,
   * and the larger young generation made pool renders ~8% faster (test/bench/pdf-pool.ts).
   */
  maxYoungGenerationSizeMb?: number;
  /** Take work without rendering the warm-up documents first; default from PDF_POOL_WARMUP (on unless set to false). */
  skipWarmup?: boolean;
};

export class PdfRenderError extends Error {
  constructor(
    message: string,
    readonly code: 'timeout' | 'crash' | 'render' | 'queue_full' | 'queue_timeout' | 'busy' | 'closed',
  ) {
    super(message);
    this.name = 'PdfRenderError';
  }
}

type Job = {
  id: number;
  owner: string;
  queueTimer: NodeJS.Timeout | null;
  timeoutMs: number;
  message: Record<string, unknown>;
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
};

type Slot = {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
  dead: boolean;
};

/**
 * Where the worker script is: next to this file under tsx/vitest, or ../app/pdf/ from build/index.js (Remix server
 * build). PDF_WORKER_PATH overrides (e.g. a bundled build/pdf-worker.js).
 */
export function resolveWorkerPath(): string {
  const candidates = [
    readEnv().PDF_WORKER_PATH,
    fileURLToPath(new URL('./worker.mjs', import.meta.url)),
    fileURLToPath(new URL('../app/pdf/worker.mjs', import.meta.url)),
    path.resolve(process.cwd(), 'app/pdf/worker.mjs'),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`PDF worker script not found (looked in ${candidates.join(', ')})`);
  return found;
}

type PoolEnvName = 'PDF_POOL_SIZE' | 'PDF_RENDER_TIMEOUT_MS' | 'PDF_POOL_PER_OWNER' | 'PDF_QUEUE_TIMEOUT_MS' | 'PDF_WORKER_YOUNG_MB';
const envInt = (name: PoolEnvName): number | undefined => readEnv()[name];

export function createPdfPool(options: PdfPoolOptions = {}): PdfPool {
  const size = options.size ?? envInt('PDF_POOL_SIZE') ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const timeoutMs = options.timeoutMs ?? envInt('PDF_RENDER_TIMEOUT_MS') ?? 30_000;
  const maxQueue = options.maxQueue ?? 200;
  const perOwner = options.perOwner ?? envInt('PDF_POOL_PER_OWNER') ?? Math.max(1, size - 1);
  const queueTimeoutMs = options.queueTimeoutMs ?? envInt('PDF_QUEUE_TIMEOUT_MS') ?? 60_000;
  const skipWarmup = options.skipWarmup ?? !readEnv().PDF_POOL_WARMUP;
  const idleTimeoutMs = options.idleTimeoutMs ?? readEnv().PDF_POOL_IDLE_MS;
  /** Running renders per owner. */
  const running = new Map<string, number>();
  const workerPath = resolveWorkerPath();
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let replaced = 0;
  /** Workers that died before their warm-up finished, in a row; at 3 the pool gives up instead of respawning forever. */
  let startupFailures = 0;
  let broken: PdfRenderError | null = null;
  const readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  const allReady = () => slots.length > 0 && slots.every((s) => s.ready);
  const notifyReady = () => {
    if (!allReady()) return;
    readyWaiters.splice(0).forEach((w) => w.resolve());
  };
  function giveUp(err: PdfRenderError) {
    broken = err;
    queue.splice(0).forEach((j) => {
      if (j.queueTimer) clearTimeout(j.queueTimer);
      j.reject(err);
    });
    readyWaiters.splice(0).forEach((w) => w.reject(err));
  }

  function spawn(): Slot {
    const worker = new Worker(workerPath, {
      workerData: { skipWarmup },
      resourceLimits: {
        maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 768,
        maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? envInt('PDF_WORKER_YOUNG_MB') ?? 192,
      },
      stderr: false,
      // React's production build: the reconciler's development checks cost render time and workers only render.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const slot: Slot = { worker, ready: false, job: null, timer: null, idleTimer: null, dead: false };
    worker.on(
      'message',
      (msg: {
        ready?: boolean;
        id?: number;
        ok?: boolean;
        bytes?: ArrayBuffer;
        error?: string;
        renderPath?: { path: string; why: string };
      }) => {
        if (msg.ready) {
          // The version check of internals.ts runs in the worker (the main thread never loads react-pdf); said once.
          if (msg.renderPath?.path === 'supported' && !warnedSupportedPath) {
            warnedSupportedPath = true;
            console.warn(`PDF rendering takes react-pdf's supported (slower) path: ${msg.renderPath.why}.`);
          }
          slot.ready = true;
          startupFailures = 0;
          // Idle workers do not keep the process alive; a busy one does (see pump/finish).
          if (!slot.job) worker.unref();
          notifyReady();
          pump();
          if (!slot.job) idleFrom(slot);
          return;
        }
        const job = slot.job;
        if (!job || job.id !== msg.id) return;
        finish(slot);
        if (msg.ok && msg.bytes) job.resolve(Buffer.from(msg.bytes));
        else job.reject(new PdfRenderError(`PDF render failed: ${msg.error ?? 'unknown error'}`, 'render'));
        pump();
        if (!slot.job) idleFrom(slot);
      },
    );
    const onDeath = (err: Error | null, why: string) => {
      if (slot.dead) return;
      slot.dead = true;
      const job = slot.job;
      finish(slot);
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      const error = new PdfRenderError(`PDF render worker ${why}${err ? `: ${err.message}` : ''}`, 'crash');
      if (job) job.reject(error);
      if (!slot.ready && ++startupFailures >= 3) {
        giveUp(new PdfRenderError(`PDF workers cannot start (${workerPath}): ${error.message}`, 'crash'));
        return;
      }
      if (!closed) {
        replaced += 1;
        // Replaced while someone waits for it (a queued render, or ready()); otherwise the next render starts one.
        if (readyWaiters.length) fill();
        pump();
      }
    };
    worker.on('error', (err) => onDeath(err, 'crashed'));
    worker.on('exit', (code) => onDeath(null, `exited with code ${code}`));
    return slot;
  }

  /** A worker with nothing to do is stopped after idleTimeoutMs, unless it gets work first. */
  function idleFrom(slot: Slot) {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (slot.job || slot.dead || closed) return;
      slot.dead = true;
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      void slot.worker.terminate();
    }, idleTimeoutMs);
    slot.idleTimer.unref();
  }

  /** Starts workers up to the pool size (ready()). */
  function fill() {
    while (!closed && !broken && slots.length < size) slots.push(spawn());
  }

  /** Starts a worker for waiting renders that no running or starting worker will take, up to the pool size. */
  function grow() {
    if (closed || broken) return;
    const runnable = queue.filter((j) => (running.get(j.owner) ?? 0) < perOwner).length;
    const free = slots.filter((s) => !s.dead && !s.job).length;
    for (let n = runnable - free; n > 0 && slots.length < size; n--) slots.push(spawn());
  }

  function finish(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (slot.job) {
      const n = (running.get(slot.job.owner) ?? 1) - 1;
      if (n > 0) running.set(slot.job.owner, n);
      else running.delete(slot.job.owner);
    }
    slot.job = null;
    slot.worker.unref();
  }

  /** The first waiting job whose owner is below their share of the workers. */
  function nextJob(): Job | undefined {
    const i = queue.findIndex((j) => (running.get(j.owner) ?? 0) < perOwner);
    if (i < 0) return undefined;
    const [job] = queue.splice(i, 1);
    if (job.queueTimer) clearTimeout(job.queueTimer);
    job.queueTimer = null;
    return job;
  }

  function pump() {
    for (const slot of slots) {
      if (!queue.length) break;
      if (!slot.ready || slot.job || slot.dead) continue;
      const job = nextJob();
      if (!job) break;
      running.set(job.owner, (running.get(job.owner) ?? 0) + 1);
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        if (slot.job !== job) return;
        slot.dead = true;
        finish(slot);
        job.reject(new PdfRenderError(`PDF render timed out after ${job.timeoutMs} ms`, 'timeout'));
        const i = slots.indexOf(slot);
        if (i >= 0) slots.splice(i, 1);
        void slot.worker.terminate();
        if (!closed) replaced += 1;
        pump();
      }, job.timeoutMs);
      slot.worker.postMessage({ id: job.id, ...job.message });
    }
    grow();
  }

  function submit(message: Record<string, unknown>, jobTimeout?: number, owner = ''): Promise<Buffer> {
    if (closed) return Promise.reject(new PdfRenderError('PDF pool is closed', 'closed'));
    if (broken) return Promise.reject(broken);
    if (queue.length >= maxQueue) return Promise.reject(new PdfRenderError(`PDF export queue is full (${maxQueue} waiting)`, 'queue_full'));
    return new Promise<Buffer>((resolve, reject) => {
      const job: Job = { id: nextId++, owner, queueTimer: null, timeoutMs: jobTimeout ?? timeoutMs, message, resolve, reject };
      // A render that cannot get a worker in time gives up instead of hanging its request.
      job.queueTimer = setTimeout(() => {
        const i = queue.indexOf(job);
        if (i < 0) return;
        queue.splice(i, 1);
        reject(new PdfRenderError(`PDF export waited ${queueTimeoutMs} ms for a free renderer`, 'queue_timeout'));
      }, queueTimeoutMs);
      job.queueTimer.unref();
      queue.push(job);
      pump();
    });
  }

  return {
    render: (doc, opts = {}) => submit({ type: 'doc', doc, asOf: opts.asOf?.toISOString() }, opts.timeoutMs, opts.owner),
    renderDigest: (docs, opts) =>
      submit(
        { type: 'digest', docs, opts: { title: opts.title, period: opts.period }, asOf: opts.asOf?.toISOString() },
        opts.timeoutMs,
        opts.owner,
      ),
    ready: () => {
      if (broken) return Promise.reject(broken);
      fill();
      if (allReady() || closed) return Promise.resolve();
      return new Promise<void>((resolve, reject) => readyWaiters.push({ resolve, reject }));
    },
    stats: () => ({ size: slots.length, busy: slots.filter((s) => s.job).length, queued: queue.length, replaced }),
    close: async () => {
      closed = true;
      queue.splice(0).forEach((j) => {
        if (j.queueTimer) clearTimeout(j.queueTimer);
        j.reject(new PdfRenderError('PDF pool is closed', 'closed'));
      });
      const all = slots.splice(0);
      for (const s of all) {
        s.dead = true;
        if (s.idleTimer) clearTimeout(s.idleTimer);
        if (s.job) s.job.reject(new PdfRenderError('PDF pool is closed', 'closed'));
        finish(s);
      }
      readyWaiters.splice(0).forEach((w) => w.resolve());
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}

let singleton: PdfPool | null = null;
let warnedSupportedPath = false;

/** The process-wide pool, created on first use. */
export function getPdfPool(): PdfPool {
  if (!singleton) {
    const pool = createPdfPool();
    const close = pool.close;
    pool.close = async () => {
      if (singleton === pool) singleton = null;
      await close();
    };
    singleton = pool;
  }
  return singleton;
}

/** The running pool's figures for the metrics, without starting a pool that is not there. */
export const pdfPoolStats = () => singleton?.stats() ?? null;

/**
 * Starts every worker of the process-wide pool now and resolves when each has rendered its warm-up documents (for
 * benchmarks and tests; the server starts workers on first use instead, so an idle server stays small).
 */
export async function startPdfPool(): Promise<PdfPool> {
  const pool = getPdfPool();
  await pool.ready();
  return pool;
}
