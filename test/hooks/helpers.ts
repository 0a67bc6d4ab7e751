import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type Database, type OpenDatabase } from '../../db/client';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createServerDatabase, type BackendName } from '../helpers/db';

/** Sign as API.md says, written out here rather than imported: HMAC-SHA256 over "<timestamp>.<raw body>". */
export function sign(secret: string, body: string, at = Date.now()): Record<string, string> {
  const ts = Math.floor(at / 1000);
  return {
    'X-Kaizen-Timestamp': String(ts),
    'X-Kaizen-Signature': `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`,
  };
}

/** A database a real server can be started on (its env), prepared through the models while no server holds it. */
export async function prepareServerDatabase(backend: BackendName, prepare: (db: Database, sessionSecret: string) => Promise<void>) {
  const sessionSecret = randomBytes(24).toString('hex');
  let env: Record<string, string>;
  let drop = async () => {};
  let opened: OpenDatabase;
  if (backend === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-hooks-'));
    // From the migrated dump the global set-up made (a fresh folder would migrate, ~6 s or far more on a loaded machine).
    opened = await openDatabase({ dataDir, migrate: false, loadDataDir: new Blob([fs.readFileSync(inject('pgliteDump'))]) });
    env = { DATA_DIR: dataDir, SEED_DEMO: 'false', SESSION_SECRET: sessionSecret };
  } else {
    const scratch = await createServerDatabase(process.env.TEST_DATABASE_URL!);
    opened = await openDatabase({ url: scratch.url });
    env = { DATABASE_URL: scratch.url, SESSION_SECRET: sessionSecret, SEED_DEMO: 'false' };
    drop = scratch.drop;
  }
  await syncBuiltInTemplates(opened.db);
  await prepare(opened.db, sessionSecret);
  await opened.close();
  return { env, drop, sessionSecret };
}

export type Received = { headers: http.IncomingHttpHeaders; body: string; answered: number };

/** A local webhook receiver: records every request and answers what `answer` says (200 unless told otherwise). */
export async function startReceiver() {
  const received: Received[] = [];
  let answer: (r: Received) => number = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: 0 };
      r.answered = answer(r);
      received.push(r);
      res.statusCode = r.answered;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/kaizen-events`,
    received,
    answerWith(fn: (r: Received) => number) {
      answer = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
