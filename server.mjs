// Kaizen's server entry: builds if needed, opens and migrates the database before listening, and
// on SIGTERM/SIGINT stops accepting connections, answers every request that has arrived, closes the
// database and exits 0 within 10 s. Plain JavaScript so `node server.mjs` needs no compiler at run time.
//
// It is also the HTTP boundary (see docs/decisions/004-http-entry.md): every request gets an id
// (X-Request-Id); forwarded headers count only from proxies TRUST_PROXY names, and a malformed
// Host is a 400; bodies are limited by the bytes read; every error answer is Kaizen's own (the API's
// JSON error shape under /api, a page otherwise) and the details go to the log only, without
// query parameter values.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import compression from 'compression';
import { createRequestHandler as createRemixHandler, writeReadableStreamToWritable } from '@remix-run/node';

const root = path.dirname(fileURLToPath(import.meta.url));
const buildFile = path.join(root, 'build', 'index.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureBuild() {
  const sources = ['app', 'db', 'templates'].map((d) => newestMtime(path.join(root, d)));
  const built = fs.existsSync(buildFile) ? fs.statSync(buildFile).mtimeMs : 0;
  if (built < Math.max(...sources)) {
    console.log('Building Kaizen (sources changed since the last build)…');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (r.status !== 0) {
      console.error('The build failed; see the errors above.');
      process.exit(1);
    }
  }
  // The migrated embedded database a new DATA_DIR is copied from (db/pglite-template-cli.ts); without it, a first start runs initdb.
  // Its inputs are the migrations and the built-in templates (db/, templates/), not the app's pages; the one with the demo
  // content is written by the app's models too (app/), and a first start seeds instead while it is missing.
  const stampOf = (name) => {
    const stamp = path.join(root, 'build', `${name}.json`);
    return fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  };
  if (stampOf('pglite-template') < Math.max(sources[1], sources[2]) || stampOf('pglite-template-demo') < Math.max(...sources)) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'db', 'pglite-template-cli.ts')], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0)
      console.error('The embedded database template could not be made; a new data folder will be initialised from scratch.');
  }
}

const INTERNAL_MESSAGE = 'Something went wrong on our side. Try again; if it keeps happening, tell an admin and quote the request id.';
// Large enough for a long RCA with every field filled; larger bodies are refused by the bytes read.
const MAX_BODY_BYTES = 5 * 1024 * 1024;
// The methods Remix routes know; anything else (PROPFIND, OPTIONS, …) is answered 405 here for the API.
const ROUTED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** The path as routing sees it: dot segments resolved (`/api/v1/../x` is `/api/x`). */
const routedPath = (req) => {
  try {
    return new URL(req.url, 'http://x').pathname;
  } catch {
    return req.path;
  }
};
const isApi = (req) => /^\/api(\/|$)/.test(routedPath(req));
const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** A page in the app's look for errors answered before Remix (the root ErrorBoundary says the same). */
export function errorPage(status, message, requestId, stylesheets = []) {
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong';
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Error ${status} · Kaizen</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">`,
    ...stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    `</head><body><main><h1>${title}</h1><p role="alert">${escapeHtml(message)}</p>`,
    requestId ? `<p>Request id (quote it when you report this): <code class="request-id">${escapeHtml(requestId)}</code></p>` : '',
    '<p><a href="/">Go to the home page</a></p></main></body></html>',
  ].join('');
}

/** Answer an error ourselves: `{"error":{code,message,requestId}}` under /api, a page elsewhere. */
function answerError(req, res, status, code, message) {
  const requestId = res.locals.requestId;
  res.status(status);
  res.setHeader('Cache-Control', 'no-store');
  if (isApi(req)) res.json({ error: { code, message, ...(requestId ? { requestId } : {}) } });
  else res.type('html').send(errorPage(status, message, requestId, req.app.locals.stylesheets));
}

function securityHeaders(_req, res, next) {
  const nonce = randomBytes(16).toString('base64');
  res.locals.cspNonce = nonce;
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
}

// A DNS name (labels of letters, digits, '-' and '_') or a bracketed IPv6 address, with an optional port.
const HOST_PATTERN =
  /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `host[:port]` normalised as a URL would (lower case, default port dropped), or null when malformed. */
export function normaliseHost(value, protocol) {
  if (typeof value !== 'string' || value.length > 255 || !HOST_PATTERN.test(value)) return null;
  const port = /:(\d+)$/.exec(value)?.[1];
  if (port !== undefined && Number(port) > 65535) return null;
  try {
    return new URL(`${protocol}://${value}`).host;
  } catch {
    return null;
  }
}

const firstValue = (header) => (typeof header === 'string' ? header.split(',')[0].trim() : undefined);

/**
 * The origin the client used. X-Forwarded-Proto/-Host count only when the peer is a proxy that
 * TRUST_PROXY names, and a malformed one is ignored; null when the Host header itself is malformed.
 */
export function resolveOrigin(headers, { trusted, encrypted }) {
  let protocol = encrypted ? 'https' : 'http';
  const forwardedProto = trusted ? firstValue(headers['x-forwarded-proto'])?.toLowerCase() : undefined;
  if (forwardedProto === 'http' || forwardedProto === 'https') protocol = forwardedProto;
  const forwardedHost = trusted ? normaliseHost(firstValue(headers['x-forwarded-host']), protocol) : null;
  if (forwardedHost) return { protocol, host: forwardedHost };
  // HTTP/1.0 clients may send no Host at all (Node refuses that for HTTP/1.1 itself).
  const host = headers.host === undefined ? 'localhost' : normaliseHost(headers.host, protocol);
  return host ? { protocol, host } : null;
}

/** Request id, origin and HSTS; a request whose Host cannot be understood ends here with 400. */
function requestContext(state) {
  return (req, res, next) => {
    const trusted = req.app.get('trust proxy fn')(req.socket.remoteAddress ?? '', 0);
    const fromProxy = trusted ? req.headers['x-request-id'] : undefined;
    const requestId =
      typeof fromProxy === 'string' && /^[A-Za-z0-9._:-]{8,100}$/.test(fromProxy) ? fromProxy : randomBytes(9).toString('base64url');
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    if (state.stopping) res.setHeader('Connection', 'close');
    state.open.add(res);
    res.on('close', () => state.open.delete(res));
    const origin = resolveOrigin(req.headers, { trusted, encrypted: Boolean(req.socket.encrypted) });
    if (!origin) return answerError(req, res, 400, 'bad_request', 'The Host header is not a valid host name.');
    res.locals.origin = origin;
    if (origin.protocol === 'https') res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

// Remix refuses a cross-origin document POST itself, but with an empty 500; answer 403 first.
// The API is exempt: it takes Bearer tokens only, never cookies.
function refuseCrossSitePosts(req, res, next) {
  const origin = req.headers.origin;
  // The path as routing sees it: dot segments resolved (`/api/v1/../x` is `/api/x`, a page path, not the API).
  const api = /^\/api\/v1(\/|$)/.test(routedPath(req));
  // The API ignores Origin; without it, Remix's own cross-site check cannot turn an API path that no
  // route matches (e.g. one with an encoded line break) into an empty 500.
  if (api) delete req.headers.origin;
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin && !api) {
    let host = null;
    try {
      host = origin === 'null' ? null : new URL(origin).host;
    } catch {}
    if (host !== res.locals.origin.host) return answerError(req, res, 403, 'csrf', 'Cross-site form posts are refused.');
  }
  next();
}

function refuseUnknownApiMethods(req, res, next) {
  if (!isApi(req) || ROUTED_METHODS.has(req.method)) return next();
  answerError(req, res, 405, 'method_not_allowed', `${req.method} is not a method of this API; API.md lists each endpoint's methods.`);
}

const tooLarge = (req, res) =>
  answerError(req, res, 413, 'too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);

/** A declared Content-Length over the limit is refused before anything reads the body. */
function limitDeclaredBodySize(req, res, next) {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge(req, res);
  next();
}

/**
 * Read the body here, counting bytes whatever the framing (a chunked body declares no length), so
 * an oversized one is refused with 413 before Remix sees it. The rest of a refused body is read
 * and dropped, so the client gets the answer rather than a reset.
 */
function readBody(req, res, next) {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const chunks = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk) => {
    if (refused) return;
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
    refused = true;
    chunks.length = 0;
    tooLarge(req, res);
  });
  req.on('end', () => {
    if (refused) return;
    res.locals.body = Buffer.concat(chunks, size);
    next();
  });
}

/** Page actions read forms only: another type, or a multipart body that does not parse, is the client's error. */
function checkFormBody(req, res, next) {
  if (isApi(req) || req.method === 'GET' || req.method === 'HEAD' || !ROUTED_METHODS.has(req.method)) return next();
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) return next();
  if (!type.startsWith('multipart/form-data'))
    return answerError(req, res, 415, 'unsupported_media_type', 'Send forms as application/x-www-form-urlencoded or multipart/form-data.');
  new Response(res.locals.body, { headers: { 'Content-Type': req.headers['content-type'] } }).formData().then(
    () => next(),
    () => answerError(req, res, 400, 'bad_request', 'The form could not be read: the multipart body is malformed.'),
  );
}

// Forwarded headers are settled by requestContext: Remix sees the resolved origin only.
const FORWARDED_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'];

/** The fetch Request Remix handles, built from what the checks above resolved; throws on what cannot be one. */
function toRemixRequest(req, res) {
  if (!req.originalUrl.startsWith('/')) throw new Error('The request target is not a path.');
  const { protocol, host } = res.locals.origin;
  const url = new URL(`${protocol}://${host}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  for (const name of FORWARDED_HEADERS) headers.delete(name);
  headers.set('host', host);
  // Remix parses Origin on every form post; page posts with a malformed one were refused above.
  const origin = headers.get('origin');
  if (origin && origin !== 'null' && !URL.canParse(origin)) headers.delete('origin');
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const init = { method: req.method, headers, signal: controller.signal };
  if (req.method !== 'GET' && req.method !== 'HEAD') init.body = res.locals.body ?? Buffer.alloc(0);
  return new Request(url.href, init);
}

/** Write Remix's answer to the Express response (as @remix-run/express does). */
async function sendRemixResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

const isRemixAnswer = (e) =>
  e instanceof Response ||
  (e !== null && typeof e === 'object' && (e.type === 'DataWithResponseInit' || ('status' in e && 'internal' in e && 'data' in e)));

/**
 * Every route's loader and action, guarded: an unexpected error is logged with the request id and
 * answered 500 with that id in the API's error shape, which the root ErrorBoundary shows (also on
 * client-side navigations, where Remix would send only "Unexpected Server Error"). A stray
 * HttpError keeps its 4xx.
 */
export function guardRoutes(build, logError) {
  const guard = (fn, what) => async (args) => {
    try {
      return await fn(args);
    } catch (e) {
      if (isRemixAnswer(e) || args.request.signal.aborted) throw e;
      const headers = { 'Cache-Control': 'no-store' };
      if (e instanceof Error && e.name === 'HttpError' && e.status >= 400 && e.status < 500 && typeof e.toJSON === 'function')
        throw Response.json(e.toJSON(), { status: e.status, headers });
      const requestId = args.context?.requestId;
      logError(`${args.request.method} ${new URL(args.request.url).pathname} failed in the ${what}`, e, requestId);
      throw Response.json(
        { error: { code: 'internal', message: INTERNAL_MESSAGE, ...(requestId ? { requestId } : {}) } },
        { status: 500, headers },
      );
    }
  };
  const routes = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (typeof module.loader === 'function') module.loader = guard(route.module.loader, `loader of ${id}`);
    if (typeof module.action === 'function') module.action = guard(route.module.action, `action of ${id}`);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

// Paths whose answers are logged at debug level only: load-balancer probes and static files would drown the rest.
const QUIET_PATHS = /^\/(healthz|readyz|build\/|favicon)/;

/**
 * One log line and the metrics for every answer, once it is finished (or the client went away): method, path without
 * its query string, the route id, status, duration, client address and the request id. Never headers, query strings
 * or bodies: they carry passwords, tokens, cookies and CSRF tokens.
 */
export function observeRequests(routeLabel, observeRequest, logger) {
  return (req, res, next) => {
    const t0 = process.hrtime.bigint();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const pathname = routedPath(req);
      const route = /^\/build\//.test(pathname)
        ? 'static'
        : pathname === '/healthz' || pathname === '/readyz'
          ? pathname.slice(1)
          : routeLabel(pathname);
      // A client that went away before the answer was sent is counted as 499 (nginx's "client closed request").
      const status = res.writableFinished ? res.statusCode : 499;
      observeRequest({ method: req.method, route, status, seconds });
      const line = {
        requestId: res.locals.requestId,
        method: req.method,
        path: pathname.slice(0, 300),
        route,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        ip: req.ip,
      };
      if (status >= 500) logger.warn(line, 'request failed');
      else if (QUIET_PATHS.test(pathname) || route === 'static') logger.debug(line, 'request');
      else logger.info(line, 'request');
    };
    res.on('finish', finish);
    res.on('close', finish);
    next();
  };
}

/**
 * GET /metrics on a listener of its own (METRICS_PORT, bound to METRICS_HOST, loopback by default): Prometheus scrapes
 * each process there, and nothing on the public port tells the world what the server is doing.
 */
function serveMetrics(env, registry, logger, logError) {
  const metricsApp = express();
  metricsApp.disable('x-powered-by');
  metricsApp.get('/metrics', async (_req, res) => {
    try {
      const text = await registry.metrics();
      res.setHeader('Content-Type', registry.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.send(text);
    } catch (e) {
      res.status(500).type('text').send('Metrics could not be collected; see the log.\n');
      logError('Collecting metrics failed', e);
    }
  });
  metricsApp.use((_req, res) => res.status(404).type('text').send('Only GET /metrics is served here.\n'));
  return new Promise((resolve, reject) => {
    const listener = metricsApp.listen(env.METRICS_PORT, env.METRICS_HOST, () => {
      const { address, port } = listener.address();
      logger.info(
        { metricsPort: port },
        `Metrics are served on http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`,
      );
      resolve(listener);
    });
    listener.on('error', reject);
  });
}

/** Let the event loop run `n` times with a short pause: queued connections get accepted and accepted ones read. */
async function loopTurns(n) {
  for (let i = 0; i < n; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function main() {
  // React and Express pick their production builds from this; `npm start` must never serve development ones.
  if (!process.env.NODE_ENV) process.env.NODE_ENV = 'production';
  const t0 = performance.now();
  // Read before the build (which holds the env schema) is loaded; EnvSchema lists it too.
  if (!process.env.KAIZEN_SKIP_BUILD_CHECK) ensureBuild();
  const build = await import(pathToFileURL(buildFile).href);
  const importMs = Math.round(performance.now() - t0);
  const { logger, logError, runWithRequestId } = build.entry.module;
  // Whatever escapes every handler is still logged without query parameters, then ends the process as Node would.
  const fatal = (what) => (e) => {
    logError(what, e);
    process.exit(1);
  };
  process.on('uncaughtException', fatal('Uncaught exception'));
  process.on('unhandledRejection', fatal('Unhandled promise rejection'));
  let booted;
  try {
    booted = await build.entry.module.boot(process.env);
  } catch (e) {
    logger.fatal(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  const { env, database, config } = booted;
  const db = database.db;
  const state = { stopping: false, open: new Set() };

  const app = express();
  // Live co-editing (set up below once the HTTP server exists); a form save asks it to take the saved version in.
  let collab = null;
  const liveEditing = { foldNow: (documentId, reader) => collab?.foldNow(documentId, reader) ?? Promise.resolve() };
  app.disable('x-powered-by');
  app.set('trust proxy', env.TRUST_PROXY);
  app.locals.stylesheets = (build.routes.root?.module.links?.() ?? []).filter((l) => l.rel === 'stylesheet').map((l) => l.href);
  const routeLabel = build.entry.module.createRouteLabeler(build.routes);
  app.use(observeRequests(routeLabel, build.entry.module.observeRequest, logger));
  app.use(securityHeaders);
  app.use(requestContext(state));
  app.use(refuseUnknownApiMethods);
  app.use(refuseCrossSitePosts);
  app.use(limitDeclaredBodySize);
  app.use(compression());
  app.get('/healthz', async (_req, res) => {
    try {
      await db.execute('select 1');
      res.status(200).json({ ok: true, database: database.kind });
    } catch {
      res.status(503).json({ ok: false, error: 'The database does not answer.' });
    }
  });
  // Ready for traffic: the database answers and this build's migrations are applied (a load balancer's check).
  app.get('/readyz', async (_req, res) => {
    const r = await build.entry.module.checkReadiness(db);
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(r.ready ? 200 : 503)
      .json({ ok: r.ready, database: r.database, migrations: r.migrations, ...(r.reason ? { error: r.reason } : {}) });
  });
  app.use('/build', express.static(path.join(root, 'public', 'build'), { immutable: true, maxAge: '1y' }));
  // Only paths under public/'s own entries reach the file system: a stat (and send's error object) for every page and
  // API request was ~10% of a cached PDF download's CPU time.
  const publicStatic = express.static(path.join(root, 'public'), { maxAge: '1h' });
  const publicEntries = new Set(fs.readdirSync(path.join(root, 'public')));
  app.use((req, res, next) => (publicEntries.has(req.path.split('/')[1]) ? publicStatic(req, res, next) : next()));
  const loadContext = (req, res) => ({
    db,
    config,
    cspNonce: res.locals.cspNonce,
    clientIp: req.ip,
    requestId: res.locals.requestId,
    now: () => new Date(),
    collab: liveEditing,
  });
  // A plain GET of a document's PDF over the API (mostly repeat downloads of a stored PDF) is answered by its route's
  // own loader function, here, after every check above and before Remix's routing, which cost about as much CPU as
  // the download's whole work (docs/decisions/030-cached-pdf-fast-path.md). The same Request and load context; a
  // query string or an id that needs decoding goes through Remix as any other path.
  const { apiDocumentPdf, API_DOCUMENT_PDF_PATH } = build.entry.module;
  app.use((req, res, next) => {
    if (req.method !== 'GET' || req.originalUrl.includes('?')) return next();
    const m = API_DOCUMENT_PDF_PATH.exec(routedPath(req));
    if (!m) return next();
    let request;
    try {
      request = toRemixRequest(req, res);
    } catch {
      return answerError(req, res, 400, 'bad_request', 'The request URL or headers are malformed.');
    }
    runWithRequestId(res.locals.requestId, () => apiDocumentPdf(request, loadContext(req, res), m[1]))
      .then((response) => sendRemixResponse(res, response), next)
      .catch(next);
  });
  app.use(readBody);
  app.use(checkFormBody);
  const handleRemix = createRemixHandler(guardRoutes(build, logError), 'production');
  // Mounted without a path pattern, so Express never decodes the path itself (`/docs/%ZZ` reaches Remix, which answers 404).
  app.use(async (req, res, next) => {
    let request;
    try {
      request = toRemixRequest(req, res);
    } catch {
      return answerError(req, res, 400, 'bad_request', 'The request URL or headers are malformed.');
    }
    try {
      const response = await runWithRequestId(res.locals.requestId, () => handleRemix(request, loadContext(req, res)));
      await sendRemixResponse(res, response);
    } catch (e) {
      next(e);
    }
  });
  // The last word on every error, so Express's own handler (HTML with a stack trace) never answers.
  app.use((err, req, res, _next) => {
    const status = Number(err?.status ?? err?.statusCode);
    const clientError = status >= 400 && status < 500;
    if (!clientError) logError(`${req.method} ${req.path} failed`, err, res.locals.requestId);
    if (res.headersSent) return void req.socket.destroy();
    if (clientError) answerError(req, res, status, 'bad_request', 'The request is malformed.');
    else answerError(req, res, 500, 'internal', INTERNAL_MESSAGE);
  });

  // Warm the render path (modules, React, the first queries) so the first real request is not slower than the rest.
  await handleRemix(new Request('http://localhost/login'), { db, config, cspNonce: 'warmup', requestId: 'warmup' })
    .then((r) => r.text())
    .catch(() => {});
  // Start-up hooks (the render-on-publish hook). PDF workers start on first use, not here.
  if (typeof build.entry.module.warmUp === 'function') build.entry.module.warmUp().catch((e) => logError('Start-up hooks failed', e));

  const stopPurging = build.entry.module.startPurgeSchedule(db, env.PURGE_INTERVAL_SECONDS);
  await build.entry.module.watchForMetrics(db, database.kind);
  let metricsServer = null;
  try {
    if (env.METRICS_PORT !== undefined) metricsServer = await serveMetrics(env, build.entry.module.metrics, logger, logError);
  } catch (e) {
    logger.fatal(`The metrics listener cannot start on ${env.METRICS_HOST}:${env.METRICS_PORT}: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
  // Outbound webhooks are sent from every process (each delivery by one at a time; see docs/decisions/015-webhooks-both-ways.md).
  if (typeof build.entry.module.startBackgroundWork === 'function')
    await build.entry.module.startBackgroundWork({ db, sessionSecret: config.sessionSecret, retryBaseMs: env.WEBHOOK_RETRY_BASE_MS });

  const server = app.listen(env.PORT, () => {
    const port = server.address().port;
    const ms = Math.round(performance.now() - t0);
    logger.info(
      { port, database: database.kind, nodeEnv: env.NODE_ENV, readyMs: ms, phases: { importMs, ...booted.phases } },
      `Kaizen is serving on http://localhost:${port} (${database.kind === 'pglite' ? `embedded database in ${env.DATA_DIR}` : 'PostgreSQL server'}; NODE_ENV=${env.NODE_ENV}; ready in ${ms} ms)`,
    );
    if (booted.seeded)
      logger.info(
        'Demo content was added. Sign in as demo@kaizen.local (the author) or reviewer@kaizen.local (publishes and signs reviews), both with the password "kaizen-demo-2026".',
      );
  });
  server.keepAliveTimeout = 5_000;
  // Live co-editing (COLLAB=true): WebSocket upgrades on /collab go to Hocuspocus (docs/decisions/028-live-co-editing.md);
  // any other upgrade, and one from another site's page (Origin), is refused.
  if (env.COLLAB) {
    collab = build.entry.module.createCollabServer({
      db,
      sessionSecret: config.sessionSecret,
      foldDebounceMs: env.COLLAB_FOLD_MS,
      relayUrl: database.kind === 'postgres' ? env.DATABASE_URL : undefined,
    });
  }
  server.on('upgrade', (req, socket, head) => {
    let allowed = Boolean(collab) && !state.stopping && routedPath(req) === build.entry.module.COLLAB_PATH;
    if (allowed && req.headers.origin) {
      const trusted = app.get('trust proxy fn')(req.socket.remoteAddress ?? '', 0);
      const origin = resolveOrigin(req.headers, { trusted, encrypted: Boolean(req.socket.encrypted) });
      let host = null;
      try {
        host = new URL(req.headers.origin).host;
      } catch {}
      allowed = origin !== null && host === origin.host;
    }
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    collab.handleUpgrade(req, socket, head);
  });
  // Per connection: answers under way, and when it last answered (or was accepted) and how many bytes it had read by then.
  const connections = new Map();
  let lastAccepted = 0;
  server.on('connection', (socket) => {
    lastAccepted = performance.now();
    connections.set(socket, { busy: 0, answered: 0, since: lastAccepted, readAtAnswer: 0 });
    socket.on('close', () => connections.delete(socket));
  });
  server.on('request', (req, res) => {
    const c = connections.get(req.socket);
    if (!c) return;
    c.busy++;
    res.on('close', () => {
      c.busy--;
      c.answered++;
      c.since = performance.now();
      c.readAtAnswer = req.socket.bytesRead;
    });
  });
  /**
   * Close kept-alive connections with nothing more to answer: answered before, no answer under way,
   * no byte since, quiet for half a second. A connection that has not sent its first request yet is
   * left open: here its bytes can arrive well after it was accepted (the 8 s limit still applies).
   */
  const closeQuietConnections = () => {
    const now = performance.now();
    for (const [socket, c] of connections)
      if (c.answered > 0 && c.busy === 0 && socket.bytesRead === c.readAtAnswer && now - c.since > 500) socket.destroy();
  };

  // Stopping: every request that has arrived is answered (with Connection: close), then the process
  // exits 0. http.Server#close would first drop every connection without a request in progress, and
  // one whose request has not been read yet counts as such (those were reset). And a connection whose
  // request was sent before the signal can take a while to reach the accept queue (seen here: up to a
  // few seconds under load), and closing the listener resets it. So: keep accepting until no connection
  // has arrived for a second (at most 5 s), close only the listener, and close kept-alive connections
  // that stay quiet; the others close after their answer.
  const stop = async (signal) => {
    if (state.stopping) return;
    state.stopping = true;
    logger.info(`${signal} received: finishing in-flight requests…`);
    stopPurging();
    metricsServer?.close();
    // Open co-editing documents are folded into revisions and their sockets closed first.
    await collab?.close().catch((e) => logError('Closing co-editing failed', e));
    const force = setTimeout(() => {
      logger.warn(`Requests still unanswered 8 s after ${signal}: closing their connections.`);
      server.closeAllConnections();
    }, 8_000);
    force.unref();
    for (const res of state.open) if (!res.headersSent) res.setHeader('Connection', 'close');
    const signalled = performance.now();
    while (performance.now() - Math.max(lastAccepted, signalled) < 1_000 && performance.now() - signalled < 5_000) {
      closeQuietConnections();
      await loopTurns(1);
    }
    const closed = new Promise((resolve) => net.Server.prototype.close.call(server, resolve));
    const sweep = setInterval(closeQuietConnections, 100);
    closeQuietConnections();
    await closed;
    clearInterval(sweep);
    clearTimeout(force);
    try {
      if (typeof build.entry.module.shutdown === 'function') await build.entry.module.shutdown();
      await database.close();
    } catch (e) {
      logError('Error while closing the database', e);
    }
    logger.info('Kaizen stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

// Run when started as a program; tests import ensureBuild from here.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
