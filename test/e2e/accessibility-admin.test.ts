// Phones and screen readers, part two (see accessibility.test.ts): the admin's pages at 1280 and
// 390 px with axe and the reflow check, and error pages rendered in the browser after hydration
// (a loader's 404 and 403 during a client-side navigation keep the layout and say what to do).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './helpers';
import { checkPage, PASSWORD, PEOPLE, seedDataDir, WIDTHS, type Seeded } from './a11y-helpers';

describe('accessibility and reflow: admin; error pages after hydration', () => {
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

  async function signedIn(who: keyof typeof PEOPLE): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, { email: PEOPLE[who], password: PASSWORD });
    return { context, page };
  }

  it('admin: home, admin pages, tokens, templates, audit, a launch review with sign-offs, an edit form', async () => {
    const { context, page } = await signedIn('admin');
    const problems: string[] = [];
    for (const url of [
      '/',
      '/admin',
      '/admin/users',
      '/admin/tokens',
      '/admin/audit',
      '/admin/overdue',
      '/admin/templates',
      '/admin/templates?from=blameless-rca@1',
      '/admin/proposals',
      `/docs/${seeded.inReview}`,
      `/docs/${seeded.drafts['blameless-rca']}/edit`,
      '/docs',
      '/account/password',
    ])
      problems.push(...(await checkPage(page, `${server.url}${url}`, `admin ${url}`)));
    // A form answered with errors is a page too: a token without a name.
    await page.setViewportSize(WIDTHS.desktop);
    await page.goto(`${server.url}/admin/tokens`);
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('#email-error').waitFor();
    problems.push(
      ...(await checkPage(page, page.url(), 'admin /admin/tokens after a refused form').then((p) => p.filter((l) => !l.includes('HTTP')))),
    );
    // A reading list, curated through its forms: created, a review added, who has read what; a refused add is a page too.
    await page.goto(`${server.url}/reading`);
    await page.getByLabel('Title').fill('Read before your first on-call');
    await page.getByRole('button', { name: 'Create list' }).click();
    await page.waitForURL(/\/reading\/[0-9a-f-]{36}$/);
    const published = Object.values(seeded.published)[0];
    await page.getByLabel('Link to a published review, or its id').fill(`${server.url}/docs/${published}`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('heading', { name: 'Who has read what' }).waitFor();
    const listUrl = page.url();
    // A review that is not published is refused, with the field named and the typed value kept.
    await page.getByLabel('Link to a published review, or its id').fill(`/docs/${seeded.inReview}`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('#document-error').waitFor();
    expect(await page.getByLabel('Link to a published review, or its id').inputValue()).toBe(`/docs/${seeded.inReview}`);
    problems.push(...(await checkPage(page, listUrl, 'admin reading list')));
    problems.push(...(await checkPage(page, `${server.url}/reading`, 'admin /reading')));
    await context.close();
    expect(problems).toEqual([]);
  }, 900_000);

  it('after hydration, a 404 and a 403 from a client-side navigation render in the layout with what to do', async () => {
    const { context, page } = await signedIn('viewer');
    await page.goto(`${server.url}/docs`);
    await page.waitForFunction(
      () => (window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state?.initialized === true,
    );
    // A marker on window survives client-side navigations only (a full page load would drop it).
    await page.evaluate(() => ((window as unknown as { __stillHere: boolean }).__stillHere = true));
    const navigate = (to: string) =>
      page.evaluate(
        (t) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(t),
        to,
      );

    await navigate('/docs/00000000-0000-4000-8000-000000000000');
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere)).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).isVisible()).toBe(true);
    const alert = page.locator('main [role=alert]');
    expect(await alert.textContent()).toContain('No such document');
    await alert.getByRole('link', { name: 'Go to the library' }).click();
    await page.getByRole('heading', { level: 1, name: 'Learning library' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere)).toBe(true);

    await navigate('/docs/new');
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    expect(await page.locator('main [role=alert]').textContent()).toContain('Ask an admin');
    expect(await page.getByRole('link', { name: 'Skip to content' }).count()).toBe(1);
    // The error page passes axe too.
    const problems = await checkPage(page, page.url(), 'viewer 403 after hydration').then((p) => p.filter((l) => !l.includes('HTTP')));
    expect(problems).toEqual([]);
    await context.close();
  }, 900_000);
});
