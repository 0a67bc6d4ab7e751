import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createDocument } from '../../app/models/document.server';
import type { Actor } from '../../app/models/types';

const KEYS = [
  'testedEnough',
  'finalQa',
  'communicationReady',
  'inProductionForStaff',
  'darkLaunch',
  'percentageLaunch',
  'monitoring',
  'onOffSwitches',
  'leadsAvailable',
  'userFeedback',
  'successTime',
  'contingencyPlan',
];
const ROLES = ['Engineering lead', 'Product owner', 'Operations', 'Support'];
const filled = {
  launchAt: '2026-12-01T15:00Z',
  launchers: ['Ana'],
  feature: 'Gift cards',
  checks: Object.fromEntries(KEYS.map((k) => [k, { answer: 'yes', note: '' }])),
};

describeEachBackend('launch review page: sign-offs and decision', (db) => {
  let app: TestApp;
  let author: Actor;
  let signers: Actor[];
  let reviewer: Actor;
  beforeAll(async () => {
    app = await createTestApp(db());
    author = await createTestActor(db(), 'editor', { name: 'Sam Author' });
    reviewer = await createTestActor(db(), 'editor', { name: 'Rita Reviewer' });
    signers = await Promise.all(ROLES.map((r) => createTestActor(db(), 'editor', { name: `Signer ${r}` })));
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
  const version = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];

  it('sign in review, publish, and the published page and /launches still say Go (the repro, through the pages)', async () => {
    const doc = await createDocument(db(), {
      actor: author,
      input: { template: 'etsy-go-no-go', title: 'Launch: gift cards', fields: filled },
    });
    const a = await poster(author, `/docs/${doc.id}`);
    let html = await page(`/docs/${doc.id}`, a.cookie);
    expect(html).toContain('Decision: Pending');
    expect(html).toContain('Sign-offs are taken once the review is submitted for review.');
    expect(html).not.toContain('aria-label="Sign off"');
    // A sign-off posted on a draft anyway is refused with the reason.
    const early = await a.post({ intent: 'signoff', role: 'Support', decision: 'go' });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('submit it for review first');

    expect((await a.post({ to: 'in_review', version: version(html) })).status).toBe(200);
    for (const [i, role] of ROLES.entries()) {
      const s = await poster(signers[i], `/docs/${doc.id}`);
      const res = await s.post({ intent: 'signoff', role, decision: 'go', comment: `${role} ready` });
      expect(res.status).toBe(200);
    }
    // One person, one role: a second role is refused next to the role field.
    const twice = await (await poster(signers[0], `/docs/${doc.id}`)).post({ intent: 'signoff', role: 'Support', decision: 'go' });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('one person signs for one role');
    html = await page(`/docs/${doc.id}`, a.cookie);
    expect(html).toContain('Decision: Go');

    const r = await poster(reviewer, `/docs/${doc.id}`);
    expect((await r.post({ to: 'published', version: version(await page(`/docs/${doc.id}`, r.cookie)) })).status).toBe(200);
    html = await page(`/docs/${doc.id}`, a.cookie);
    expect(html).toContain('Decision: Go');
    expect(html).not.toContain('stale: the content changed');
    expect(html.match(/data-stale="false"/g)).toHaveLength(4);
    expect(html).toContain('by Rita Reviewer');
    expect(html).toContain('aria-label="Decision history"');
    expect(html).toContain('Go from Signer Support (Support): Support ready');
    // The API document carries the same decision.
    const apiDoc = await (
      await app.fetch(`/api/v1/documents/${doc.id}`, { headers: { Authorization: `Bearer ${await app.token(reviewer)}` } })
    ).json();
    expect(apiDoc.status).toBe('published');
    expect(apiDoc.decision).toMatchObject({ state: 'go', reasons: [expect.stringMatching(/signed Go on the current content/)] });
    expect(apiDoc.decision.changedAt).toMatch(/Z$/);
    expect(apiDoc.signoffs.map((s: { stale: boolean }) => s.stale)).toEqual([false, false, false, false]);
    const launches = await page('/launches', a.cookie);
    expect(launches).toMatch(/<strong>1<\/strong> go/);
    expect(launches).toContain('4 go · 0 no-go');
    expect(launches).toContain('data-decision="go"');
  });

  it('a late No-Go on the published review turns the decision and /launches to No-Go', async () => {
    const doc = await createDocument(db(), {
      actor: author,
      input: { template: 'etsy-go-no-go', title: 'Launch: vouchers', fields: filled },
    });
    const a = await poster(author, `/docs/${doc.id}`);
    await a.post({ to: 'in_review', version: version(await page(`/docs/${doc.id}`, a.cookie)) });
    const ops = await poster(signers[2], `/docs/${doc.id}`);
    await ops.post({ intent: 'signoff', role: 'Operations', decision: 'no_go', comment: 'Alerts missing' });
    const html = await page(`/docs/${doc.id}`, a.cookie);
    expect(html).toContain('Decision: No-Go');
    expect(html).toContain('No-Go from Signer Operations (Operations): Alerts missing');
    expect(await page('/launches', a.cookie)).toContain('data-decision="no_go"');
  });

  it('"New launch review" opens /docs/new with the checklist template chosen', async () => {
    const cookie = await app.signIn(author);
    const launches = await page('/launches', cookie);
    const href = /href="([^"]+)"[^>]*>New launch review/.exec(launches)![1].replace(/&amp;/g, '&');
    const form = await page(href, cookie);
    const checked = [...form.matchAll(/<input[^>]*name="template"[^>]*>/g)]
      .filter((m) => m[0].includes('checked'))
      .map((m) => /value="([^"]+)"/.exec(m[0])![1]);
    expect(checked).toEqual(['etsy-go-no-go']);
  });
});
