import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** One entry of a TRUST_PROXY list: a name Express knows, an IP address, or an address/prefix subnet. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-* headers to believe, as Express's "trust proxy" setting: unset or
 * `false` believes none (the headers are ignored), `true` every peer, a number the N nearest hops,
 * otherwise a comma-separated list of addresses, subnets and `loopback`/`linklocal`/`uniquelocal`.
 */
const TrustProxySchema = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): boolean | number | string[] => {
    if (v === undefined || v === '' || v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Math.min(Number(v), 100);
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.find((e) => !isProxyAddress(e));
    if (bad === undefined) return entries;
    ctx.addIssue({
      code: 'custom',
      message: `is not true, false, a hop count or a list of addresses, subnets, loopback, linklocal or uniquelocal ("${bad}")`,
    });
    return z.NEVER;
  });

/** A whole number read from the environment; unset or empty means the default. */
const envInt = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.union([z.literal('').transform(() => undefined), z.coerce.number().int('must be a whole number').min(min).max(max)]).optional();

/** A per-minute limit: a positive number, or 0 to switch that limit off. */
const perMinute = (fallback: number) =>
  z
    .union([z.literal('').transform(() => fallback), z.coerce.number().int('must be a whole number').min(0, 'must be 0 (off) or more')])
    .default(fallback);

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1');

/**
 * Every environment variable Kaizen reads at run time, checked once at start-up (API.md lists them). Code reads them
 * through {@link readEnv}, never from process.env, so a typo or a bad value stops the process with the name.
 */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * With DATABASE_URL: statements with parameters are prepared on each connection (default true); false behind a
   * transaction-mode pooler that cannot keep prepared statements (PgBouncer before 1.21). Decision 030.
   */
  DATABASE_PREPARED_STATEMENTS: flag('true'),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z
    .string()
    .min(16, 'use at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SEED_DEMO: z.enum(['true', 'false', '1', '0']).optional(),
  TRUST_PROXY: TrustProxySchema,
  /** React and Express pick production builds from it; server.mjs sets `production` when unset. */
  NODE_ENV: z.string().optional(),
  /** server.mjs skips its "is the build current?" check (tests, images built ahead). Read by server.mjs before the build loads. */
  KAIZEN_SKIP_BUILD_CHECK: z.string().optional(),
  /** Lowest level written to the JSON log. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A second listener serving only GET /metrics (Prometheus); unset: metrics are not served. 0 picks a free port. */
  METRICS_PORT: envInt(0, 65535),
  /** Address the metrics listener binds to; loopback by default so only this machine (or a sidecar) can scrape. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Requests per minute under /api/v1 for one API token and for one client address (0: no limit). */
  API_TOKEN_PER_MINUTE: perMinute(600),
  API_ADDRESS_PER_MINUTE: perMinute(1200),
  /** PDF exports (documents and digests, cached or rendered) per minute for one user and for one client address. */
  PDF_USER_PER_MINUTE: perMinute(30),
  PDF_ADDRESS_PER_MINUTE: perMinute(120),
  /** PDF renders or digests one user may have in progress at once in one process. */
  PDF_USER_CONCURRENCY: envInt(1),
  /** Expired sessions, finished sign-in throttles and rate-limit rows are deleted this often (and at start). */
  PURGE_INTERVAL_SECONDS: envInt(1, 86_400).transform((v) => v ?? 600),
  /** PDF worker pool: workers (default the CPU count), per-owner share, render and queue time bounds, young generation. */
  PDF_POOL_SIZE: envInt(1, 64),
  PDF_POOL_PER_OWNER: envInt(1),
  PDF_RENDER_TIMEOUT_MS: envInt(1),
  PDF_QUEUE_TIMEOUT_MS: envInt(1),
  PDF_WORKER_YOUNG_MB: envInt(1),
  /** Where the PDF worker script is, when not next to the server build (e.g. a bundled build/pdf-worker.js). */
  PDF_WORKER_PATH: z.string().min(1).optional(),
  /** Stored PDFs kept in each process's memory for repeat downloads, in MB (0: none; app/pdf/stored.server.ts). */
  PDF_MEMORY_CACHE_MB: envInt(0, 4096).transform((v) => v ?? 32),
  /** A PDF worker without work this long is stopped (the next export starts one again). */
  PDF_POOL_IDLE_MS: envInt(1_000, 86_400_000).transform((v) => v ?? 120_000),
  /** `supported`: render through react-pdf's public renderToBuffer only (app/pdf/internals.ts; workers read it from their env). */
  PDF_RENDER_PATH: z.enum(['fast', 'supported']).optional(),
  /** Outbound webhooks: the delay before the first retry of a failed delivery, doubled for each later one (default 10 s). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** Email notifications: an SMTP server as smtp://user:pass@host:587 or smtps://…:465; unset: no email is queued or sent. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The From of notification emails. */
  MAIL_FROM: z.string().min(3).default('Kaizen <kaizen@localhost>'),
  /** The address people open Kaizen at, for links in emails (default http://localhost:PORT). */
  APP_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Email: the delay before the first retry of a failed send, doubled for each later one (default 30 s). */
  EMAIL_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** PDF workers render a few warm-up documents before taking work (default true); the test suite turns it off. */
  PDF_POOL_WARMUP: flag('true'),
  /** Live co-editing on the edit page over a WebSocket at /collab (decision 028); on unless set to false. */
  COLLAB: flag('true'),
  /** Co-editing: quiet time after the last change before the edits are saved as a revision (default 5 s). */
  COLLAB_FOLD_MS: envInt(50, 600_000).transform((v) => v ?? 5_000),
});
export type Env = z.infer<typeof EnvSchema>;

/** The environment, checked once at start-up; a bad value stops the process with the variable named. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const r = EnvSchema.safeParse(env);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Configuration error: ${i.path.join('.')} ${i.message}.`);
  }
  return r.data;
}

/** SESSION_SECRET, or on the embedded database one generated once and kept in DATA_DIR. */
export function resolveSessionSecret(env: Env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.DATABASE_URL)
    throw new Error('Configuration error: SESSION_SECRET is required with DATABASE_URL (every instance must share it).');
  const file = path.join(env.DATA_DIR, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(env.DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
