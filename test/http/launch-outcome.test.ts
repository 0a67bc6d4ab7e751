import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createLaunch, GO_NO_GO_ROLES } from '../helpers/launches';
import { auditEvents, documentLinks, documents } from '../../db/schema';
import type { Actor } from '../../app/models/types';

describeEachBackend('launch outcome: the due prompt, recording, incident → RCA', (db) => {
  let clock = new Date('2026-12-01T12:00:00Z');
  let app: TestApp;
  let author: Actor;
  let launcher: Actor;
  let bystander: Actor;
  let viewer: Actor;
  let signers: Actor[];
  beforeAll(async () => {
    app = await createTestApp(db(), { now: () => clock });
    author = await createTestActor(db(), 'editor', { name: 'Sam Author' });
    launcher = await createTestActor(db(), 'editor', { name: 'Lena Launcher' });
    bystander = await createTestActor(db(), 'editor', { name: 'Bo Bystander' });
    viewer = await createTestActor(db(), 'viewer');
    signers = await Promise.all(GO_NO_GO_ROLES.map((r) => createTestActor(db(), 'editor', { name: `Signer ${r}` })));
  });

  const page = async (path: string, cookie: string) =>
    (await (await app.fetch(path, { headers: { Cookie: cookie } })).text()).replace(/<!-- -->/g, '');
  async function poster(actor: Actor, path: string) {
    const cookie = await app.signIn(actor);
    const csrf = await app.csrf(cookie);
    return {
      cookie,
      post: (body: Record<string, string>) =>
        app.fetch(path, {
          method: 'POST',
          headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf, ...body }),
        }),
    };
  }
  const json = (token: string, method = 'GET', body?: unknown) => ({
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

  it('asks the owners for the outcome only once the agreed success time has passed on the clock, and only for a Go', async () => {
    clock = new Date('2026-12-01T12:00:00Z');
    const launch = await createLaunch(db(), {
      author,
      title: 'Launch: gift cards',
      launchAt: '2026-12-02T15:00:00Z',
      successAt: '2026-12-09T15:00:00Z',
      launchers: ['Lena Launcher'],
      signers,
    });
    const pending = await createLaunch(db(), {
      author,
      title: 'Launch: undecided',
      successAt: '2026-12-03T15:00:00Z',
    });
    const [stored] = await db()
      .select({ d: documents.decision, s: documents.successAt })
      .from(documents)
      .where(eq(documents.id, launch.id));
    expect(stored.d).toBe('go');
    expect(stored.s?.toISOString()).toBe('2026-12-09T15:00:00.000Z');

    const a = await app.signIn(author);
    const l = await app.signIn(launcher);
    const b = await app.signIn(bystander);
    expect(await page('/', a)).not.toContain('Launch outcomes to record');
    expect(await page(`/docs/${launch.id}`, a)).not.toContain('data-outcome-due');

    clock = new Date('2026-12-09T14:59:59Z');
    expect(await page('/', a)).not.toContain('Launch outcomes to record');

    clock = new Date('2026-12-09T15:00:00Z');
    for (const cookie of [a, l]) {
      const home = await page('/', cookie);
      expect(home).toContain('Launch outcomes to record');
      expect(home).toContain(`data-due-outcome="${launch.id}"`);
      // Past its success time too, but never decided Go: no prompt.
      expect(home).not.toContain(`data-due-outcome="${pending.id}"`);
    }
    // Not an owner: no home card (the document page still says the outcome is due).
    expect(await page('/', b)).not.toContain('Launch outcomes to record');
    const docPage = await page(`/docs/${launch.id}`, l);
    expect(docPage).toContain('data-outcome-due');
    expect(docPage).toContain('record how the launch went');

    const token = await app.token(author);
    const got = await (await app.fetch(`/api/v1/documents/${launch.id}/outcome`, json(token))).json();
    expect(got).toMatchObject({ due: true, outcome: null, version: 0, successAt: '2026-12-09T15:00:00.000Z' });
  });

  it('records each outcome with a note through the page and the API; re-recording is audited and a stale version is 409', async () => {
    clock = new Date('2027-01-10T00:00:00Z');
    const launch = await createLaunch(db(), {
      author,
      title: 'Launch: search ranking',
      successAt: '2027-01-05T00:00:00Z',
      signers,
    });
    const p = await poster(launcher, `/docs/${launch.id}`);
    const bad = await p.post({ intent: 'outcome-record', outcome: 'meh', note: '', outcomeVersion: '0' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('choose one of: success, rolled_back, incident');

    const ok = await p.post({ intent: 'outcome-record', outcome: 'success', note: 'Clicks up 4%, errors flat.', outcomeVersion: '0' });
    expect(ok.status).toBe(200);
    let html = await page(`/docs/${launch.id}`, p.cookie);
    expect(html).toContain('data-outcome="success"');
    expect(html).toContain('Clicks up 4%, errors flat.');
    expect(html).not.toContain('data-outcome-due');
    expect(await page('/', p.cookie)).not.toContain(`data-due-outcome="${launch.id}"`);

    // The same form posted again from the page read before: stale.
    const stale = await p.post({ intent: 'outcome-record', outcome: 'rolled_back', note: '', outcomeVersion: '0' });
    expect(stale.status).toBe(409);

    const token = await app.token(author);
    const url = `/api/v1/documents/${launch.id}/outcome`;
    const current = await (await app.fetch(url, json(token))).json();
    expect(current).toMatchObject({ outcome: 'success', version: 1, recordedBy: 'Lena Launcher' });
    const rolled = await app.fetch(url, json(token, 'PUT', { outcome: 'rolled_back', note: 'Rolled back: latency.', version: 1 }));
    expect(rolled.status).toBe(200);
    expect(await rolled.json()).toMatchObject({ outcome: 'rolled_back', note: 'Rolled back: latency.', version: 2 });
    const again = await app.fetch(url, json(token, 'PUT', { outcome: 'incident', note: '', version: 1 }));
    expect(again.status).toBe(409);
    expect((await again.json()).error.issues[0].path).toEqual(['version']);
    const missing = await app.fetch(url, json(token, 'PUT', { note: 'x', version: 2 }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.issues[0].path).toEqual(['outcome']);
    const noVersion = await app.fetch(url, json(token, 'PUT', { outcome: 'success' }));
    expect(noVersion.status).toBe(400);
    expect((await noVersion.json()).error.issues[0].path).toEqual(['version']);

    const audits = await db().select().from(auditEvents).where(eq(auditEvents.targetId, launch.id));
    expect(audits.map((e) => e.action)).toEqual(expect.arrayContaining(['launch.outcome_recorded', 'launch.outcome_edited']));
    html = await page(`/docs/${launch.id}`, p.cookie);
    expect(html).toContain('data-outcome="rolled_back"');
  });

  it('an incident outcome offers an incident review linked "caused by launch", opened for editing', async () => {
    clock = new Date('2027-02-10T00:00:00Z');
    const launch = await createLaunch(db(), { author, title: 'Launch: checkout v2', successAt: '2027-02-01T00:00:00Z', signers });
    const p = await poster(author, `/docs/${launch.id}`);
    // Before the outcome is an incident, there is nothing to start.
    const early = await p.post({ intent: 'outcome-rca' });
    expect(early.status).toBe(400);
    await p.post({ intent: 'outcome-record', outcome: 'incident', note: 'Checkout errors for 20 minutes.', outcomeVersion: '0' });
    const html = await page(`/docs/${launch.id}`, p.cookie);
    expect(html).toContain('Start an incident review linked to this launch');
    const started = await p.post({ intent: 'outcome-rca' });
    expect(started.status).toBe(302);
    const loc = started.headers.get('location')!;
    const rcaId = /^\/docs\/([0-9a-f-]{36})\/edit$/.exec(loc)?.[1];
    expect(rcaId).toBeTruthy();
    const links = await db().select().from(documentLinks).where(eq(documentLinks.fromId, rcaId!));
    expect(links).toMatchObject([{ toId: launch.id, kind: 'caused_by_launch' }]);
    const [rca] = await db().select().from(documents).where(eq(documents.id, rcaId!));
    expect(rca).toMatchObject({ kind: 'rca', status: 'draft', templateKey: 'blameless-rca' });
    // Twice: the same review, not a second one.
    const twice = await p.post({ intent: 'outcome-rca' });
    expect(twice.headers.get('location')).toBe(loc);
    const after = await page(`/docs/${launch.id}`, p.cookie);
    expect(after).toContain(`href="/docs/${rcaId}"`);
    expect(after).not.toContain('Start an incident review linked to this launch');
  });

  it('viewers read the outcome but may not record it; an RCA has no outcome', async () => {
    clock = new Date('2027-03-10T00:00:00Z');
    const launch = await createLaunch(db(), { author, title: 'Launch: viewer check', successAt: '2027-03-01T00:00:00Z', signers });
    const vt = await app.token(viewer);
    // A viewer reads published documents only: a review in review is not found.
    expect((await app.fetch(`/api/v1/documents/${launch.id}/outcome`, json(vt))).status).toBe(404);
    expect((await app.fetch(`/api/v1/documents/${launch.id}/outcome`, json(vt, 'PUT', { outcome: 'success', version: 0 }))).status).toBe(
      403,
    );
    expect((await app.fetch(`/api/v1/documents/${launch.id}/outcome`, { method: 'GET' })).status).toBe(401);
    const et = await app.token(author);
    const rca = await (await app.fetch('/api/v1/documents', json(et, 'POST', { template: 'blameless-rca', title: 'Not a launch' }))).json();
    const r = await app.fetch(`/api/v1/documents/${rca.id}/outcome`, json(et));
    expect(r.status).toBe(400);
    expect((await r.json()).error.issues[0].path).toEqual(['id']);
    const v = await poster(viewer, `/docs/${launch.id}`);
    expect((await v.post({ intent: 'outcome-record', outcome: 'success', note: '', outcomeVersion: '0' })).status).toBe(403);
  });
});
