import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { TEST_PASSWORD, createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { and, eq, ne } from 'drizzle-orm';
import { auditEvents, users } from '../../db/schema';
import { SIGN_IN_FAILED, SIGN_IN_THROTTLED, signIn } from '../../app/models/sign-in.server';
import { THROTTLE, backoffMs } from '../../app/models/throttle.server';
import { createDocument } from '../../app/models/document.server';
import { attemptSignIn, postForm } from './helpers';

it('backs off exponentially after the free failures, capped at 15 minutes', () => {
  expect([4, 5, 6, 7, 8].map((f) => backoffMs(f, 4))).toEqual([0, 2_000, 4_000, 8_000, 16_000]);
  expect(backoffMs(40, 4)).toBe(15 * 60_000);
});

describeEachBackend('sign-in throttling and the audit log', (db) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(db());
  });

  it('answers a wrong password and an unknown email with the same generic message', async () => {
    const actor = await createTestActor(db(), 'viewer');
    const wrong = await attemptSignIn(app, actor.email, 'not the password', '198.51.100.1');
    const unknown = await attemptSignIn(app, 'nobody-here@example.test', 'not the password', '198.51.100.2');
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain(SIGN_IN_FAILED);
    expect(b).toContain(SIGN_IN_FAILED);
  });

  it('locks an account after repeated failures (even for the right password), the same way for an unknown email', async () => {
    const actor = await createTestActor(db(), 'editor');
    for (const email of [actor.email, 'ghost-account@example.test']) {
      for (let i = 0; i < THROTTLE.account.free; i++)
        expect((await attemptSignIn(app, email, `wrong-${i}-password`, `198.51.100.${10 + i}`)).status).toBe(400);
      // The next failure locks the account for 2 s; attempts from any address are refused.
      expect((await attemptSignIn(app, email, 'wrong-again-password', '198.51.100.30')).status).toBe(400);
      const locked = await attemptSignIn(app, email, TEST_PASSWORD, '198.51.100.31');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      const text = await locked.text();
      expect(text).toContain(SIGN_IN_THROTTLED);
      expect(locked.headers.get('set-cookie')).toBeNull();
    }
  });

  it('backs off further with each failure and lets the account in once the wait is over', async () => {
    const actor = await createTestActor(db(), 'viewer');
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    let now = 0;
    const attempt = (password: string) => signIn(db(), { email: actor.email, password, ip: '192.0.2.1', now: at(now) });
    for (let i = 0; i < THROTTLE.account.free; i++) expect(await attempt('wrong password!')).toMatchObject({ ok: false, status: 400 });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await attempt('wrong password!')).toMatchObject({ ok: false, status: 400 });
      now += 1;
      const probe = await attempt(TEST_PASSWORD);
      expect(probe).toMatchObject({ ok: false, status: 429, message: SIGN_IN_THROTTLED });
      waits.push((probe as { retryAfterSeconds: number }).retryAfterSeconds);
      now += (probe as { retryAfterSeconds: number }).retryAfterSeconds * 1000;
    }
    expect(waits).toEqual([2, 4, 8, 16]);
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ ok: true });
  });

  it('throttles an address that tries many accounts', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < THROTTLE.address.free; i++)
      expect((await attemptSignIn(app, `spray-${i}@example.test`, 'password-guess', ip)).status).toBe(400);
    expect((await attemptSignIn(app, 'spray-last@example.test', 'password-guess', ip)).status).toBe(400);
    const actor = await createTestActor(db(), 'viewer');
    expect((await attemptSignIn(app, actor.email, TEST_PASSWORD, ip)).status).toBe(429);
    expect((await attemptSignIn(app, actor.email, TEST_PASSWORD, '192.0.2.78')).status).toBe(302);
  });

  it('records sign-ins and failed sign-ins (never the password) in the audit log', async () => {
    const actor = await createTestActor(db(), 'viewer');
    await attemptSignIn(app, actor.email, 'secret-wrong-password-xyz', '192.0.2.200');
    await attemptSignIn(app, actor.email, TEST_PASSWORD, '192.0.2.200');
    const events = (await db().select().from(auditEvents)).filter((e) => e.actorLabel === actor.email);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.sign_in_failed', 'auth.sign_in']));
    expect(events.find((e) => e.action === 'auth.sign_in')).toMatchObject({ actorId: actor.id, ip: '192.0.2.200' });
    expect(events.find((e) => e.action === 'auth.sign_in_failed')?.details).toEqual({ reason: 'bad_password' });
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain('secret-wrong-password-xyz');
  });

  it('the audit page filters by action, actor and date range, and pages', async () => {
    const admin = await createTestActor(db(), 'admin');
    const editor = await createTestActor(db(), 'editor');
    for (let i = 0; i < 55; i++) await createDocument(db(), { actor: editor, input: rcaInput({ title: `Audit fill ${i}` }) });
    const cookie = await app.signIn(admin);
    const page = async (q: string) => {
      const res = await app.fetch(`/admin/audit${q}`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const first = await page(`?action=document.created&actor=${encodeURIComponent(editor.email)}`);
    expect((first.match(/<code>document.created<\/code>/g) ?? []).length).toBe(50);
    expect(first).toContain('Older »');
    const second = await page(`?action=document.created&actor=${encodeURIComponent(editor.email)}&page=2`);
    expect((second.match(/<code>document.created<\/code>/g) ?? []).length).toBe(5);
    expect(second).not.toContain('Older »');
    const today = new Date().toISOString().slice(0, 10);
    expect(await page(`?action=document.created&from=${today}&to=${today}&actor=${encodeURIComponent(editor.email)}`)).toContain(
      'Audit fill',
    );
    const past = await page(`?action=document.created&to=2001-01-01`);
    expect(past).toContain('No events match these filters');
    const bad = await page('?from=yesterday&action=nope');
    expect(bad).toContain('use a date like 2026-01-31');
  });

  it('records user, role and token changes made on the admin pages', async () => {
    const admin = await createTestActor(db(), 'admin');
    const cookie = await app.signIn(admin);
    const csrf = await app.csrf(cookie);
    const email = `new-${Date.now()}@example.test`;
    const invalid = await postForm(app, '/admin/users', cookie, {
      csrf,
      intent: 'add',
      email: 'not-an-email',
      role: 'viewer',
      password: 'short',
    });
    expect(invalid.status).toBe(400);
    const html = await invalid.text();
    expect(html).toMatch(/id="email-error"[^>]*>enter an email address/);
    expect(html).toMatch(/id="password-error"[^>]*>use at least 10 characters/);
    expect(
      (await postForm(app, '/admin/users', cookie, { csrf, intent: 'add', email, role: 'viewer', password: 'long enough password' }))
        .status,
    ).toBe(200);
    const [user] = (await db().select().from(auditEvents)).filter(
      (e) => e.action === 'user.created' && (e.details as { email?: string }).email === email,
    );
    expect(user.actorId).toBe(admin.id);
    expect((await postForm(app, '/admin/users', cookie, { csrf, intent: 'role', id: user.targetId!, role: 'editor' })).status).toBe(200);
    const created = await postForm(app, '/admin/tokens', cookie, { csrf, intent: 'create', email, name: 'deploy job' });
    const token = /data-testid="new-token">([^<]+)</.exec(await created.text())![1];
    const apiRes = await app.fetch('/api/v1/documents', { headers: { Authorization: `Bearer ${token}` } });
    expect(apiRes.status).toBe(200);
    const list = await (await app.fetch('/admin/tokens', { headers: { Cookie: cookie } })).text();
    expect(list).not.toContain(token);
    expect(list).toContain('deploy job');
    const tokenId = (await db().select().from(auditEvents)).find(
      (e) => e.action === 'token.created' && (e.details as { name?: string }).name === 'deploy job',
    )!.targetId!;
    expect(list).not.toMatch(new RegExp(`${tokenId}[\\s\\S]{0,400}never`));
    expect((await postForm(app, '/admin/tokens', cookie, { csrf, intent: 'revoke', id: tokenId })).status).toBe(200);
    expect((await app.fetch('/api/v1/documents', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await postForm(app, '/admin/users', cookie, { csrf, intent: 'disable', id: user.targetId! })).status).toBe(200);
    const actions = (await db().select().from(auditEvents)).filter((e) => e.actorId === admin.id).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.created', 'user.role_changed', 'token.created', 'token.revoked', 'user.disabled']),
    );
  });

  it('refuses to demote or disable the last active admin', async () => {
    const only = await createTestActor(db(), 'admin');
    const cookie = await app.signIn(only);
    const csrf = await app.csrf(cookie);
    // Demote every other admin first, then try the last one.
    await db()
      .update(users)
      .set({ role: 'editor' })
      .where(and(eq(users.role, 'admin'), ne(users.id, only.id)));
    const res = await postForm(app, '/admin/users', cookie, { csrf, intent: 'role', id: only.id, role: 'viewer' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('last active admin');
    expect((await postForm(app, '/admin/users', cookie, { csrf, intent: 'disable', id: only.id })).status).toBe(409);
  });
});
