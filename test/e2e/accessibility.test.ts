// Phones and screen readers, in Chromium against a real `node server.mjs`: axe reports no
// violation on any page at 1280 and 390 px, and nothing is wider than a 390 px viewport (WCAG
// 1.4.10 reflow) — signed out, as a viewer and as an editor. Admin pages and error pages after
// hydration are in accessibility-admin.test.ts (one file would take over two minutes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './helpers';
import { checkPage, PASSWORD, PEOPLE, seedDataDir, type Seeded } from './a11y-helpers';

describe('accessibility and reflow: signed out, viewer, editor', () => {
  let server: RunningServer;
  let browser: Browser;
  let seeded: Seeded;
  beforeAll(async () => {
    seeded = await seedDataDir();
    [server, browser] = await Promise.all([startServer({ DATA_DIR: seeded.dataDir, SEED_DEMO: 'false' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  }, 900_000);

  async function check(context: BrowserContext, who: string, urls: string[]) {
    const page = await context.newPage();
    const problems: string[] = [];
    for (const url of urls) problems.push(...(await checkPage(page, `${server.url}${url}`, `${who} ${url}`)));
    await page.close();
    return problems;
  }

  it('signed out: sign-in, a page that is gone, an unknown address', async () => {
    const context = await browser.newContext();
    const problems = await check(context, 'signed out', ['/login', '/login?next=%2Fdocs', '/setup', '/no/such/page']);
    await context.close();
    expect(problems).toEqual([]);
  }, 900_000);

  it('viewer: home, library, documents, a published document of each template and its history, lists, account, a refused page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, { email: PEOPLE.viewer, password: PASSWORD });
    await page.close();
    const docs = Object.values(seeded.published);
    const problems = await check(context, 'viewer', [
      '/',
      '/library',
      '/library?q=queue',
      '/docs',
      ...docs.map((id) => `/docs/${id}`),
      `/docs/${docs[0]}/history`,
      '/actions',
      '/launches',
      '/insights',
      '/account/password',
      '/docs/new',
      '/inbox',
      `/docs/${docs[0]}/comments`,
      '/reading',
    ]);
    await context.close();
    expect(problems).toEqual([]);
  }, 900_000);

  it('editor: new, drafts and edit forms of each template, history with a diff, sign-off, lists', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, { email: PEOPLE.editor, password: PASSWORD });
    await page.close();
    const drafts = Object.values(seeded.drafts);
    const problems = await check(context, 'editor', [
      '/',
      '/docs?status=draft',
      '/docs/new',
      ...drafts.map((id) => `/docs/${id}`),
      ...drafts.map((id) => `/docs/${id}/edit`),
      `/docs/${seeded.drafts['blameless-rca']}/history?from=1&to=2`,
      `/docs/${seeded.inReview}`,
      `/docs/${drafts[0]}/comments`,
      '/inbox',
      '/actions',
      '/launches',
      '/insights',
    ]);
    await context.close();
    expect(problems).toEqual([]);
  }, 900_000);
});
