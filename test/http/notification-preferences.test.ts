// Notification settings through the API and the no-JS page, on each backend: defaults when nothing is saved, a
// PUT that saves the kinds it names, 400s naming the field, and a form of checkboxes whose unticked boxes mean off.
// The inbox honours the in-app choice (a review request to someone who turned it off leaves no notice).
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { ORIGIN, createTestApp, type TestApp } from '../helpers/app';
import { createDocument } from '../../app/models/document.server';
import { createRequest } from '../../app/models/review-request.server';
import { listNotifications } from '../../app/models/notification.server';
import type { Actor } from '../../app/models/types';

type Pref = { kind: string; label: string; inApp: boolean; email: boolean };

describeEachBackend('notification settings', (db) => {
  let app: TestApp;
  let viewer: Actor;
  let editor: Actor;
  let token = '';
  const api = (init: RequestInit = {}) =>
    app.fetch('/api/v1/notification-preferences', {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
    });
  const prefs = async (res: Response) => ((await res.json()) as { preferences: Pref[] }).preferences;
  const of = (list: Pref[], kind: string) => list.find((p) => p.kind === kind);

  beforeAll(async () => {
    app = await createTestApp(db());
    viewer = await createTestActor(db(), 'viewer');
    editor = await createTestActor(db(), 'editor');
    token = await app.token(viewer);
  });

  it('GET answers every kind with defaults: inbox on; email on for mentions and requests, off for comments', async () => {
    const res = await api();
    expect(res.status).toBe(200);
    const list = await prefs(res);
    expect(list).toHaveLength(10);
    expect(list.every((p) => p.inApp)).toBe(true);
    expect(of(list, 'mention')).toMatchObject({ label: 'Someone mentions me', email: true });
    expect(of(list, 'review_request')?.email).toBe(true);
    expect(of(list, 'comment')?.email).toBe(false);
    expect((await app.fetch('/api/v1/notification-preferences')).status).toBe(401);
  });

  it('PUT saves the kinds it names and keeps the others; a bad body is a 400 naming the field; POST is a 405', async () => {
    const res = await api({
      method: 'PUT',
      body: JSON.stringify({ preferences: [{ kind: 'comment', inApp: false, email: true }] }),
    });
    expect(res.status).toBe(200);
    const list = await prefs(res);
    expect(of(list, 'comment')).toMatchObject({ inApp: false, email: true });
    expect(of(list, 'mention')).toMatchObject({ inApp: true, email: true });
    expect(of(await prefs(await api()), 'comment')).toMatchObject({ inApp: false, email: true });

    const bad = await api({ method: 'PUT', body: JSON.stringify({ preferences: [{ kind: 'gossip', inApp: true, email: true }] }) });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { issues: { path: (string | number)[] }[] } };
    expect(body.error.issues[0].path).toEqual(['preferences', 0, 'kind']);
    const notBool = await api({ method: 'PUT', body: JSON.stringify({ preferences: [{ kind: 'mention', inApp: 'yes', email: true }] }) });
    expect(notBool.status).toBe(400);
    expect(((await notBool.json()) as { error: { issues: { path: unknown[] }[] } }).error.issues[0].path).toEqual([
      'preferences',
      0,
      'inApp',
    ]);
    expect((await api({ method: 'PUT', body: '{not json' })).status).toBe(400);
    expect((await api({ method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('the page shows the boxes; a post without JS saves ticked as on and unticked as off, with a saved message', async () => {
    const cookie = await app.signIn(viewer);
    const page = await (await app.fetch('/account/notifications', { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Notifications');
    expect(page).toMatch(/name="email\.mention"[^>]*checked/);
    expect(page).toContain('href="/account/notifications"');
    // Only the inbox for mentions is ticked: everything else is off.
    const res = await app.fetch('/account/notifications', {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: await app.csrf(cookie), 'inApp.mention': 'on' }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account/notifications?saved=1');
    const after = await (await app.fetch('/account/notifications?saved=1', { headers: { Cookie: cookie } })).text();
    expect(after).toContain('Your notification settings are saved.');
    const list = await prefs(await api());
    expect(of(list, 'mention')).toMatchObject({ inApp: true, email: false });
    expect(list.filter((p) => p.kind !== 'mention').every((p) => !p.inApp && !p.email)).toBe(true);
    // Without a session the page sends you to sign in.
    expect((await app.fetch('/account/notifications')).status).toBe(302);
  });

  it('a notice whose kind is turned off in the app does not reach the inbox', async () => {
    const reviewer = await createTestActor(db(), 'editor');
    const reviewerToken = await app.token(reviewer);
    const put = await app.fetch('/api/v1/notification-preferences', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${reviewerToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ preferences: [{ kind: 'review_request', inApp: false, email: false }] }),
    });
    expect(put.status).toBe(200);
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Quiet reviewer' }) });
    await createRequest(db(), { actor: editor, documentId: doc.id, input: { kind: 'review', account: reviewer.email } });
    expect((await listNotifications(db(), { actor: reviewer })).items).toEqual([]);
    const other = await createTestActor(db(), 'editor');
    await createRequest(db(), { actor: editor, documentId: doc.id, input: { kind: 'review', account: other.email } });
    expect((await listNotifications(db(), { actor: other })).items.map((n) => n.kind)).toEqual(['review_request']);
  });
});
