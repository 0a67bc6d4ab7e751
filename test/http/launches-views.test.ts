import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createLaunch, GO_NO_GO_ROLES } from '../helpers/launches';
import { recordLaunchOutcome } from '../../app/models/launch-outcome.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('/launches tabs: All, Upcoming, Decided, Launched', (db) => {
  const now = new Date('2026-12-05T12:00:00Z');
  let app: TestApp;
  let editor: Actor;
  let cookie: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    app = await createTestApp(db(), { now: () => now });
    editor = await createTestActor(db(), 'editor');
    const signers = await Promise.all(GO_NO_GO_ROLES.map((r) => createTestActor(db(), 'editor', { name: `Signer ${r}` })));
    ids.future = (await createLaunch(db(), { author: editor, title: 'Tab future pending', launchAt: '2026-12-20T10:00:00Z' })).id;
    ids.futureGo = (await createLaunch(db(), { author: editor, title: 'Tab future go', launchAt: '2026-12-21T10:00:00Z', signers })).id;
    ids.pastGo = (await createLaunch(db(), { author: editor, title: 'Tab past go', launchAt: '2026-12-01T10:00:00Z', signers })).id;
    ids.pastPending = (await createLaunch(db(), { author: editor, title: 'Tab past pending', launchAt: '2026-11-30T10:00:00Z' })).id;
    await recordLaunchOutcome(db(), { actor: editor, id: ids.pastGo, input: { outcome: 'rolled_back', note: '', version: 0 }, now });
    cookie = await app.signIn(editor);
  });

  const listed = async (query: string) => {
    const res = await app.fetch(`/launches${query}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const html = (await res.text()).replace(/<!-- -->/g, '');
    const shown = Object.entries(ids)
      .filter(([, id]) => html.includes(`href="/docs/${id}"`))
      .map(([k]) => k)
      .sort();
    return { html, shown };
  };

  /** The tab marked current (its href). */
  const current = (html: string) =>
    /<a[^>]*aria-current="page"[^>]*>/
      .exec(html.slice(html.indexOf('aria-label="Launch views"')))?.[0]
      .match(/href="([^"]+)"/)?.[1]
      .replace(/&amp;/g, '&');

  it('each tab lists its launches, marks itself current in the URL-carried state, and shows outcomes', async () => {
    const all = await listed('');
    expect(all.shown).toEqual(['future', 'futureGo', 'pastGo', 'pastPending']);
    expect(current(all.html)).toBe('/launches');
    expect(all.html).toContain('data-outcome="rolled_back">Rolled back');
    expect(all.html).toContain('href="/account/calendar"');
    expect((await listed('?view=upcoming')).shown).toEqual(['future', 'futureGo']);
    expect((await listed('?view=decided')).shown).toEqual(['futureGo', 'pastGo']);
    const launched = await listed('?view=launched');
    expect(launched.shown).toEqual(['pastGo']);
    expect(current(launched.html)).toBe('/launches?view=launched');
    // An unknown tab is All.
    expect((await listed('?view=nonsense')).shown).toEqual(['future', 'futureGo', 'pastGo', 'pastPending']);
  });

  it('keyset pagination keeps the tab', async () => {
    const first = await listed('?view=upcoming&limit=1');
    expect(first.shown).toEqual(['futureGo']);
    const next = /href="(?:\/launches)?\?([^"]*cursor=[^"]+)"/.exec(first.html)?.[1].replace(/&amp;/g, '&');
    expect(next).toContain('view=upcoming');
    const second = await listed(`?${next}`);
    expect(second.shown).toEqual(['future']);
    expect(second.html).not.toMatch(/Next page/);
  });

  it('an empty tab says what to do', async () => {
    const other = await createTestActor(db(), 'viewer');
    const c = await app.signIn(other);
    const html = (await (await app.fetch('/launches?view=launched', { headers: { Cookie: c } })).text()).replace(/<!-- -->/g, '');
    expect(html).toContain('Nothing has launched with a Go yet.');
    const up = (await (await app.fetch('/launches?view=upcoming', { headers: { Cookie: c } })).text()).replace(/<!-- -->/g, '');
    expect(up).toContain('Set the launch time on a launch review');
  });
});
