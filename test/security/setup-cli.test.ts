import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { openDatabase, type Database, type OpenDatabase } from '../../db/client';
import { actorForToken, getUserByEmail, verifyPassword } from '../../app/models/user.server';
import { auditEvents, apiTokens } from '../../db/schema';
import { postForm, cookieOf } from './helpers';
import { runCli } from '../../app/cli.server';

const fail = (message: string): never => {
  throw new Error(message);
};

describeEachBackend('first-run /setup', (db) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(db());
    await createTestActor(db(), 'editor'); // like the seeded demo editor: users exist, but no admin
  });

  it('is offered while no admin exists, creates the admin once, then is gone', async () => {
    const login = await (await app.fetch('/login')).text();
    expect(login).toContain('href="/setup"');
    expect((await app.fetch('/setup')).status).toBe(200);
    const cross = await app.fetch('/setup', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Referer: 'https://evil.example/' },
      body: new URLSearchParams({ email: 'x@example.test', password: 'long enough pw', confirm: 'long enough pw' }),
    });
    expect(cross.status).toBe(403);
    const bad = await postForm(app, '/setup', null, { email: 'nope', name: '', password: 'short', confirm: 'short' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="email-error"/);
    const ok = await postForm(app, '/setup', null, {
      email: 'Root@Example.test',
      name: 'Root',
      password: 'the admin password',
      confirm: 'the admin password',
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/admin');
    expect((await app.fetch('/admin', { headers: { Cookie: cookieOf(ok) } })).status).toBe(200);
    expect((await getUserByEmail(db(), 'root@example.test'))?.role).toBe('admin');

    expect((await app.fetch('/setup')).status).toBe(404);
    const again = await postForm(app, '/setup', null, {
      email: 'second@example.test',
      password: 'the admin password',
      confirm: 'the admin password',
    });
    expect(again.status).toBe(404);
    expect(await getUserByEmail(db(), 'second@example.test')).toBeUndefined();
    expect(await (await app.fetch('/login')).text()).not.toContain('href="/setup"');
    const events = await db().select().from(auditEvents);
    expect(events.some((e) => e.action === 'user.created' && (e.details as { via?: string }).via === 'setup')).toBe(true);
  });
});

describe('CLI (runCli in process, and the program itself, against a temp DATA_DIR)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-cli-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
  /** This process's handle on DATA_DIR, opened after the first program run (which migrates the fresh folder). */
  let opened: OpenDatabase | undefined;
  const shared = async () => (opened ??= await openDatabase({ dataDir }));
  afterAll(async () => {
    await opened?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  /** The program as an operator runs it (`npm run -s cli -- …` is `tsx app/cli.server.ts …`): a real process, real stdin. */
  const spawnCli = (args: string[], input?: string) => {
    const r = spawnSync(path.join('node_modules', '.bin', 'tsx'), ['app/cli.server.ts', ...args], {
      env,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr.split('\n').filter(Boolean).join('\n') };
  };
  /** The same commands in this process, on this process's handle (no tsx and PGlite start-up per call). */
  const cli = async (args: string[]) =>
    runCli(args, { env, database: await shared(), readStdin: async () => fail('no --password-stdin here') });
  const withDb = async <T>(work: (d: Database) => Promise<T>) => work((await shared()).db);
  let tokenId = '';
  let token = '';

  it('user add prints only the new id; --password-stdin sets the password', () => {
    const r = spawnCli(
      ['user', 'add', 'ops@example.test', '--role', 'admin', '--name', 'Ops Admin', '--password-stdin'],
      'a password from stdin\n',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
  }, 60_000);

  it('token create prints only the token, on one line', async () => {
    const r = await cli(['token', 'create', 'ops@example.test', '--name', 'ci']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kzn_[A-Za-z0-9_-]{43}\n$/);
    token = r.stdout.trim();
    await withDb(async (d) => {
      const user = await getUserByEmail(d, 'ops@example.test');
      expect(user).toMatchObject({ role: 'admin', name: 'Ops Admin' });
      expect(await verifyPassword('a password from stdin', user!.passwordHash)).toBe(true);
      const actor = await actorForToken(d, token);
      expect(actor?.email).toBe('ops@example.test');
      tokenId = actor!.tokenId!;
      const rows = await d.select().from(apiTokens);
      expect(JSON.stringify(rows)).not.toContain(token);
    });
  }, 60_000);

  it('token revoke prints nothing and the token stops working', async () => {
    const r = await cli(['token', 'revoke', tokenId]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    await withDb(async (d) => {
      expect(await actorForToken(d, token)).toBeNull();
      const actions = (await d.select().from(auditEvents)).map((e) => `${e.action} by ${e.actorLabel}`);
      expect(actions).toEqual(expect.arrayContaining(['user.created by cli', 'token.created by cli', 'token.revoked by cli']));
    });
  }, 60_000);

  it('fails with a one-line reason and a non-zero exit (2 for a usage error)', async () => {
    const cases: [string[], number][] = [
      [['user', 'add', 'ops@example.test', '--role', 'admin'], 1],
      [['user', 'add', 'x@example.test', '--role', 'owner'], 1],
      [['user', 'add', 'x@example.test'], 2],
      [['token', 'revoke', tokenId], 1],
      [['token', 'create', 'nobody@example.test'], 1],
      [['frobnicate'], 2],
      [['user', 'add', 'x@example.test', '--role', 'viewer', '--bogus'], 2],
    ];
    for (const [args, code] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/^kaizen: [^\n]+\n$/);
    }
  }, 120_000);

  it('fails at once, naming the holder, while another process holds DATA_DIR', async () => {
    await shared(); // this process holds DATA_DIR
    const t0 = Date.now();
    const r = spawnCli(['user', 'add', 'late@example.test', '--role', 'viewer']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/in use by process \d+/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  }, 60_000);
});
