import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client), served by server.mjs on METRICS_PORT at /metrics. Every label has a
 * bounded set of values: routes are Remix route ids (never raw URLs), methods the few HTTP knows, statuses numbers.
 * Each process keeps its own numbers; with several processes, scrape each one (Prometheus sums them).
 */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'kaizen_' });

// Page and API answers take ms to seconds; PDF renders seconds to tens of seconds.
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RENDER_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const requestsTotal = new Counter({
  name: 'kaizen_http_requests_total',
  help: 'HTTP requests answered, by method, route id and status.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metrics],
});
const requestSeconds = new Histogram({
  name: 'kaizen_http_request_duration_seconds',
  help: 'Time from receiving a request to the last byte of its answer, by method and route id.',
  labelNames: ['method', 'route'] as const,
  buckets: REQUEST_BUCKETS,
  registers: [metrics],
});

/** One answered request (server.mjs calls this when the response is finished or the client went away). */
export function observeRequest(opts: { method: string; route: string; status: number; seconds: number }): void {
  const method = METHODS.has(opts.method) ? opts.method : 'other';
  requestsTotal.inc({ method, route: opts.route, status: String(opts.status) });
  requestSeconds.observe({ method, route: opts.route }, opts.seconds);
  if (opts.route !== 'healthz' && opts.route !== 'readyz' && opts.route !== 'static') lastAnsweredAt = Date.now();
}

let lastAnsweredAt = 0;
/** Milliseconds since the last request a person or a script made was answered (probes and static files aside). */
export const msSinceLastRequest = () => Date.now() - lastAnsweredAt;

export const pdfRenderSeconds = new Histogram({
  name: 'kaizen_pdf_render_duration_seconds',
  help: 'Time to produce a PDF that was not stored yet (waiting for a worker included), by kind (document, digest).',
  labelNames: ['kind'] as const,
  buckets: RENDER_BUCKETS,
  registers: [metrics],
});

export const rateLimitedTotal = new Counter({
  name: 'kaizen_rate_limited_total',
  help: 'Requests refused with 429 by a shared rate limit, by limit.',
  labelNames: ['limit'] as const,
  registers: [metrics],
});

export const purgedRowsTotal = new Counter({
  name: 'kaizen_purged_rows_total',
  help: 'Expired rows deleted by the periodic purge, by table.',
  labelNames: ['table'] as const,
  registers: [metrics],
});

export const eventsInProgress = new Gauge({
  name: 'kaizen_events_in_progress',
  help: 'Work started by an event (e.g. the PDF pre-render after a publish) that has not finished yet.',
  labelNames: ['event'] as const,
  registers: [metrics],
});
export const eventFailuresTotal = new Counter({
  name: 'kaizen_event_failures_total',
  help: 'Work started by an event that failed, by event.',
  labelNames: ['event'] as const,
  registers: [metrics],
});

/** Read at scrape time: figures that live elsewhere (the PDF pool, the database) are asked for, not mirrored. */
export type ScrapeSources = {
  pdfPool: () => { size: number; busy: number; queued: number; replaced: number } | null;
  database: () => Promise<{ up: boolean; max: number; connections: Record<string, number> }>;
};

let sources: ScrapeSources | null = null;

let databaseFigures: { at: number; value: ReturnType<ScrapeSources['database']> } | null = null;

/** server.mjs names where the pool and database figures come from once both exist. */
export function setScrapeSources(s: ScrapeSources): void {
  sources = s;
  databaseFigures = null;
}

/** One database question per scrape, shared by the gauges below. */
function database(): ReturnType<ScrapeSources['database']> {
  if (!sources) return Promise.resolve({ up: false, max: 0, connections: {} });
  const now = Date.now();
  if (!databaseFigures || now - databaseFigures.at > 1_000) {
    const ask = sources.database;
    databaseFigures = { at: now, value: ask().catch(() => ({ up: false, max: 0, connections: {} })) };
  }
  return databaseFigures.value;
}

new Gauge({
  name: 'kaizen_pdf_queue_length',
  help: 'PDF renders waiting for a free worker.',
  registers: [metrics],
  collect() {
    this.set(sources?.pdfPool()?.queued ?? 0);
  },
});
new Gauge({
  name: 'kaizen_pdf_workers',
  help: 'PDF worker threads, by state (busy, idle); none until the first PDF is rendered.',
  labelNames: ['state'] as const,
  registers: [metrics],
  collect() {
    const s = sources?.pdfPool();
    this.set({ state: 'busy' }, s?.busy ?? 0);
    this.set({ state: 'idle' }, s ? s.size - s.busy : 0);
  },
});
new Gauge({
  name: 'kaizen_pdf_workers_replaced',
  help: 'PDF workers replaced after a crash or a render that ran too long, since start.',
  registers: [metrics],
  collect() {
    this.set(sources?.pdfPool()?.replaced ?? 0);
  },
});
new Gauge({
  name: 'kaizen_db_up',
  help: '1 when the database answered the last scrape, else 0.',
  registers: [metrics],
  async collect() {
    this.set((await database()).up ? 1 : 0);
  },
});
new Gauge({
  name: 'kaizen_db_pool_max',
  help: 'Database connections this process may open (1 for the embedded database).',
  registers: [metrics],
  async collect() {
    this.set((await database()).max);
  },
});
new Gauge({
  name: 'kaizen_db_pool_connections',
  help: "This process's open database connections, by state as PostgreSQL reports it (active, idle, idle in transaction).",
  labelNames: ['state'] as const,
  registers: [metrics],
  async collect() {
    const { connections } = await database();
    this.reset();
    for (const [state, n] of Object.entries(connections)) this.set({ state }, n);
  },
});
