// Kaizen's server entry: builds if needed, opens and migrates the database before listening, and
// on SIGTERM/SIGINT stops accepting connections, finishes in-flight requests, closes the database
// and exits 0 within 10 s. Plain JavaScript so `node server.mjs` needs no compiler at run time.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import compression from 'compression';
import { createRequestHandler } from '@remix-run/express';
import { createRequestHandler as createFetchHandler } from '@remix-run/node';

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
  if (built >= Math.max(...sources)) return;
  console.log('Building Kaizen (sources changed since the last build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) {
    console.error('The build failed; see the errors above.');
    process.exit(1);
  }
}

function securityHeaders(req, res, next) {
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
  if (req.secure || req.headers['x-forwarded-proto'] === 'https') res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
}

const routedPath = (req) => {
  try {
    return new URL(req.url, 'http://x').pathname;
  } catch {
    return req.path;
  }
};

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
    if (host !== (req.headers['x-forwarded-host'] ?? req.headers.host)) return res.status(403).type('text/plain').send('Cross-site form posts are refused.');
  }
  next();
}

// Large enough for a long RCA with every field filled; larger bodies are refused before anything reads them.
const MAX_BODY_BYTES = 5 * 1024 * 1024;
function limitBodySize(req, res, next) {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length <= MAX_BODY_BYTES) return next();
  const message = `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`;
  res.status(413);
  if (req.path.startsWith('/api/')) res.json({ error: { code: 'too_large', message } });
  else res.type('text/plain').send(message);
}

export async function main() {
  const t0 = performance.now();
  if (!process.env.KAIZEN_SKIP_BUILD_CHECK) ensureBuild();
  const build = await import(pathToFileURL(buildFile).href);
  let booted;
  try {
    booted = await build.entry.module.boot(process.env);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  const { env, database, config } = booted;
  const db = database.db;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  app.use(refuseCrossSitePosts);
  app.use(limitBodySize);
  app.use(compression());
  app.get('/healthz', async (_req, res) => {
    try {
      await db.execute('select 1');
      res.status(200).json({ ok: true, database: database.kind });
    } catch {
      res.status(503).json({ ok: false, error: 'The database does not answer.' });
    }
  });
  app.use('/build', express.static(path.join(root, 'public', 'build'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }));
  const getLoadContext = (req, res) => ({ db, config, cspNonce: res.locals.cspNonce, clientIp: req.ip });
  app.all('*', createRequestHandler({ build, getLoadContext }));

  // Warm the render path (modules, React, the first queries) so the first real request is not slower than the rest.
  const warm = createFetchHandler(build, 'production');
  await warm(new Request('http://localhost/login'), { db, config, cspNonce: 'warmup' }).then((r) => r.text()).catch(() => {});
  // PDF workers warm up in the background (fonts, layout engine); page requests need not wait for them.
  if (typeof build.entry.module.warmUp === 'function')
    build.entry.module.warmUp().catch((e) => console.error('PDF workers failed to start:', e instanceof Error ? e.message : e));

  const server = app.listen(env.PORT, () => {
    const port = server.address().port;
    const ms = Math.round(performance.now() - t0);
    console.log(`Kaizen is serving on http://localhost:${port} (${database.kind === 'pglite' ? `embedded database in ${env.DATA_DIR}` : 'PostgreSQL server'}; ready in ${ms} ms)`);
    if (booted.seeded) console.log('Demo content was added. Sign in as demo@kaizen.local with the password "kaizen-demo-2026".');
  });
  server.keepAliveTimeout = 5_000;

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests…`);
    const force = setTimeout(() => server.closeAllConnections(), 8_000);
    force.unref();
    server.close(async () => {
      clearTimeout(force);
      try {
        if (typeof build.entry.module.shutdown === 'function') await build.entry.module.shutdown();
        await database.close();
      } catch (e) {
        console.error('Error while closing the database:', e instanceof Error ? e.message : e);
      }
      console.log('Kaizen stopped.');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

// Run when started as a program; tests import ensureBuild from here.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
