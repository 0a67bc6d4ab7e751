import { createCookie } from '@remix-run/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { TEST_PASSWORD, createTestActor } from '../helpers/factories';
import { ORIGIN, createTestApp, type TestApp } from '../helpers/app';
import { revokeApiToken, createApiToken } from '../../app/models/user.server';
import { auditEvents } from '../../db/schema';
import { postForm, cookieOf } from './helpers';

describeEachBackend('sessions and tokens', (db) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(db());
  });
  const isSignedIn = async (cookie: string) => (await app.fetch('/docs', { headers: { Cookie: cookie } })).status === 200;

  it('sets an httpOnly, SameSite=Lax session cookie, Secure over HTTPS', async () => {
    const actor = await createTestActor(db(), 'viewer');
    const res = await postForm(app, '/login', null, { email: actor.email, password: TEST_PASSWORD, next: '/' });
    const header = res.headers.get('set-cookie')!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).not.toMatch(/Secure/i);
    const https = await app.fetch('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'X-Forwarded-Proto': 'https' },
      body: new URLSearchParams({ email: actor.email, password: TEST_PASSWORD }),
    });
    expect(https.headers.get('set-cookie')).toMatch(/^__Host-kaizen_session=.*Secure/i);
    expect(res.headers.get('set-cookie')).not.toContain(TEST_PASSWORD);
  });

  it('never promotes a pre-set (fixated) cookie: sign-in issues a new session id', async () => {
    const actor = await createTestActor(db(), 'editor');
    const forged = createCookie('kaizen_session', { secrets: ['test-secret-test-secret'], path: '/' });
    const planted = (await forged.serialize('attacker-chosen-session-value')).split(';')[0];
    expect(await isSignedIn(planted)).toBe(false);
    const res = await postForm(app, '/login', planted, { email: actor.email, password: TEST_PASSWORD, next: '/' });
    expect(res.status).toBe(302);
    const fresh = cookieOf(res);
    expect(fresh).not.toBe(planted);
    expect(await isSignedIn(fresh)).toBe(true);
    expect(await isSignedIn(planted)).toBe(false);
  });

  it('gives every sign-in its own session id', async () => {
    const actor = await createTestActor(db(), 'viewer');
    const a = await app.signIn(actor);
    const b = await app.signIn(actor);
    expect(a).not.toBe(b);
  });

  it('logs out: the old cookie is rejected afterwards; logout needs the CSRF token', async () => {
    const actor = await createTestActor(db(), 'viewer');
    const cookie = await app.signIn(actor);
    const csrf = await app.csrf(cookie);
    expect((await postForm(app, '/logout', cookie, {})).status).toBe(403);
    expect(await isSignedIn(cookie)).toBe(true);
    const res = await postForm(app, '/logout', cookie, { csrf });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(await isSignedIn(cookie)).toBe(false);
    const res2 = await app.fetch('/docs', { headers: { Cookie: cookie } });
    expect(res2.status).toBe(302);
    expect(res2.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('changing the password revokes every other session and keeps this one on a new id', async () => {
    const actor = await createTestActor(db(), 'editor');
    const here = await app.signIn(actor);
    const elsewhere = await app.signIn(actor);
    const csrf = await app.csrf(here);
    const wrong = await postForm(app, '/account/password', here, {
      csrf,
      current: 'not the password',
      next: 'a brand new password',
      confirm: 'a brand new password',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('not right');
    const mismatch = await postForm(app, '/account/password', here, {
      csrf,
      current: TEST_PASSWORD,
      next: 'a brand new password',
      confirm: 'something else entirely',
    });
    expect(mismatch.status).toBe(400);
    expect(await isSignedIn(elsewhere)).toBe(true);

    const res = await postForm(app, '/account/password', here, {
      csrf,
      current: TEST_PASSWORD,
      next: 'a brand new password',
      confirm: 'a brand new password',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account/password?changed=1');
    const renewed = cookieOf(res);
    expect(renewed).not.toBe(here);
    expect(await isSignedIn(elsewhere)).toBe(false);
    expect(await isSignedIn(here)).toBe(false);
    expect(await isSignedIn(renewed)).toBe(true);
    await expect(app.signIn(actor)).rejects.toThrow(/sign-in failed: 400/);
    expect(await app.signIn(actor, 'a brand new password')).toMatch(/^kaizen_session=/);
    const events = await db().select().from(auditEvents);
    expect(events.some((e) => e.action === 'auth.password_changed' && e.targetId === actor.id)).toBe(true);
    expect(JSON.stringify(events)).not.toContain('a brand new password');
  });

  it('a revoked token gets 401; a disabled user’s token and session stop working', async () => {
    const actor = await createTestActor(db(), 'editor');
    const { id, token } = await createApiToken(db(), { email: actor.email, name: 'ci' });
    const get = () => app.fetch('/api/v1/documents', { headers: { Authorization: `Bearer ${token}` } });
    expect((await get()).status).toBe(200);
    await revokeApiToken(db(), { id });
    const res = await get();
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('the API ignores session cookies: only a Bearer token counts', async () => {
    const actor = await createTestActor(db(), 'admin');
    const cookie = await app.signIn(actor);
    const res = await app.fetch('/api/v1/documents', { headers: { Cookie: cookie } });
    expect(res.status).toBe(401);
  });

  describe('cross-site form posts', () => {
    it('refuses a cookie post from another origin, and one without the CSRF token', async () => {
      const actor = await createTestActor(db(), 'editor');
      const cookie = await app.signIn(actor);
      const csrf = await app.csrf(cookie);
      // Remix's own guard refuses a cross-origin Origin before any action runs (an empty 500 when
      // driven without server.mjs, which answers 403 first; see headers.test.ts).
      const evil = await postForm(
        app,
        '/docs/new',
        cookie,
        { csrf, template: 'blameless-rca', title: 'x' },
        { Origin: 'https://evil.example' },
      );
      expect([403, 500]).toContain(evil.status);
      const evilReferer = await app.fetch('/docs/new', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Referer: 'https://evil.example/page' },
        body: new URLSearchParams({ csrf, template: 'blameless-rca', title: 'x' }),
      });
      expect(evilReferer.status).toBe(403);
      expect((await postForm(app, '/docs/new', cookie, { template: 'blameless-rca', title: 'x' })).status).toBe(403);
      expect((await postForm(app, '/docs/new', cookie, { csrf: 'x'.repeat(32), template: 'blameless-rca', title: 'x' })).status).toBe(403);
      const ok = await postForm(app, '/docs/new', cookie, { csrf, template: 'blameless-rca', title: 'Fine' });
      expect(ok.status).toBe(302);
    });

    it('the login form (no session yet, so no CSRF token) refuses another origin', async () => {
      const actor = await createTestActor(db(), 'viewer');
      const res = await postForm(app, '/login', null, { email: actor.email, password: TEST_PASSWORD }, { Origin: 'https://evil.example' });
      expect([403, 500]).toContain(res.status);
      const viaReferer = await app.fetch('/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Referer: 'https://evil.example/x' },
        body: new URLSearchParams({ email: actor.email, password: TEST_PASSWORD }),
      });
      expect(viaReferer.status).toBe(403);
      expect(viaReferer.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('set-cookie')).toBeNull();
    });
  });
});
