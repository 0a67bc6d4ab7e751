// A failure on our side, against a real `node server.mjs` on each backend: the client gets Kaizen's
// own answer (the API's error shape, the app's error page) with a request id and no stack trace;
// the log gets the details under that id, and never a query parameter (password or token hashes).
// The failing inserts are provoked by a trigger, so no input validation can stand in their way.
import { openServerTestDatabase } from '../helpers/server-database';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createApiToken } from '../../app/models/user.server';
import { startServer, type RunningServer } from '../e2e/helpers';
import { createTestActor, rcaInput, TEST_PASSWORD } from '../helpers/factories';
import { testBackends, type BackendName } from '../helpers/db';
import { signInOnServer } from '../helpers/server-http';
import { linesOf } from '../helpers/server-log';

const SECRET_TITLE = `Refuse ${randomBytes(6).toString('hex')}`;
const NEW_USER_PASSWORD = `pw-${randomBytes(8).toString('hex')}`;
const STACK_OR_PATH = /\n\s+at |node_modules|\/work\/|\.mjs|\.js:\d+|Failed query/;

async function refuseSomeInserts(db: Database) {
  await db.execute(
    sql.raw(
      `create function kaizen_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by a test trigger'; end $$`,
    ),
  );
  await db.execute(
    sql.raw(
      `create trigger kaizen_test_refuse_users before insert on users for each row when (new.email like 'refuse-%') execute function kaizen_test_refuse()`,
    ),
  );
  await db.execute(
    sql.raw(
      `create trigger kaizen_test_refuse_documents before insert on documents for each row when (new.title like 'Refuse %') execute function kaizen_test_refuse()`,
    ),
  );
}

/** A migrated database with an admin, an editor's API token and the refusing triggers; the server's env for it. */
async function prepare(backend: BackendName) {
  const { opened, env, drop } = await openServerTestDatabase(backend, 'kaizen-errlog-');
  await syncBuiltInTemplates(opened.db);
  const admin = await createTestActor(opened.db, 'admin');
  const editor = await createTestActor(opened.db, 'editor');
  const { token } = await createApiToken(opened.db, { email: editor.email, name: 'error-log test' });
  await refuseSomeInserts(opened.db);
  await opened.close();
  return { env, drop, admin, token };
}

for (const backend of testBackends()) {
  describe(`errors on our side [${backend}]`, () => {
    let server: RunningServer;
    let prepared: Awaited<ReturnType<typeof prepare>>;
    beforeAll(async () => {
      prepared = await prepare(backend);
      server = await startServer(prepared.env);
    }, 120_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
      await prepared?.drop();
    });

    it('a failing insert through the API answers 500 in the error shape with a request id, logged under that id', async () => {
      const res = await fetch(`${server.url}/api/v1/documents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${prepared.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(rcaInput({ title: SECRET_TITLE })),
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toMatch(STACK_OR_PATH);
      const body = JSON.parse(text);
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[A-Za-z0-9_-]{8,}$/);
      expect(body).toEqual({ error: { code: 'internal', message: expect.stringMatching(/on our side/), requestId: id } });
      expect(
        linesOf(server.output(), id!, 'error')
          .map((l) => l.error)
          .join('\n'),
      ).toMatch(/refused by a test trigger/);
    });

    it('a failing insert through a form answers the app error page with the request id; the log holds no hash or parameter', async () => {
      const { cookie, csrf } = await signInOnServer(server.url, prepared.admin.email, TEST_PASSWORD);
      const res = await fetch(`${server.url}/admin/users`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          csrf,
          intent: 'add',
          email: `refuse-${randomBytes(3).toString('hex')}@example.test`,
          name: 'Refused',
          role: 'viewer',
          password: NEW_USER_PASSWORD,
        }),
      });
      expect(res.status).toBe(500);
      const html = await res.text();
      const id = res.headers.get('x-request-id')!;
      expect(html).toContain('<title>Error 500 · Kaizen</title>');
      expect(html).toContain(`<code class="request-id">${id}</code>`);
      expect(html).not.toMatch(STACK_OR_PATH);

      const log = server.output();
      expect(
        linesOf(log, id, 'error')
          .map((l) => l.error)
          .join('\n'),
      ).toMatch(/Failed query: insert into "users"/);
      expect(log).toMatch(/refused by a test trigger/);
      // What drizzle would print after "params:": the password hash, the token hash, the title.
      expect(log).not.toContain('params:');
      expect(log).not.toContain('scrypt$');
      expect(log).not.toContain(NEW_USER_PASSWORD);
      expect(log).not.toContain(SECRET_TITLE.slice('Refuse '.length));
    });

    it('the CLI names a failed insert without its parameters', async () => {
      // The embedded database belongs to the server while it runs; the CLI gets a database of its own.
      const cliEnv = backend === 'pglite' ? await prepare('pglite').then((p) => p.env) : prepared.env;
      const r = spawnSync(
        'npx',
        ['tsx', 'app/cli.server.ts', 'user', 'add', 'refuse-cli@example.test', '--role', 'viewer', '--password-stdin'],
        {
          env: { ...process.env, DATABASE_URL: '', ...cliEnv },
          input: `${NEW_USER_PASSWORD}\n`,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^kaizen: Failed query: insert into "users"/m);
      expect(r.stderr).not.toContain('scrypt$');
      expect(r.stderr).not.toContain('params:');
      expect(r.stderr).not.toContain(NEW_USER_PASSWORD);
    }, 90_000);
  });
}
