import { describe, expect, it } from 'vitest';
import { DEMO_REVIEWER, signIn, startServer, useServerAndBrowser } from './helpers';

describe('foundation in a real browser', () => {
  const running = useServerAndBrowser();

  it('creates an RCA through the UI, finds it in the list, opens it, and refuses a stale save', async () => {
    const [server, browser] = [running.server(), running.browser()];
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server.url);
    await page.getByRole('heading', { name: 'What needs attention' }).waitFor({ timeout: 10_000 });

    await page.goto(`${server.url}/docs/new`);
    await page.getByLabel(/Blameless RCA/).check();
    await page.getByLabel('Title').fill('Cache stampede after deploy');
    await page.getByLabel('Severity').selectOption('SEV2');
    await page.getByLabel('Service').fill('catalog');
    await Promise.all([page.waitForURL(/\/docs\/[0-9a-f-]+\/edit$/), page.getByRole('button', { name: /Create/ }).click()]);
    const editUrl = page.url();

    // A time without a zone is refused next to its field, and what was typed stays in the form.
    await page.getByLabel('Environment').fill('production');
    await page.getByLabel('Time issue started').fill('2016-06-15 22:04');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Not saved.').waitFor();
    expect(await page.locator('#f-startedAt-error').innerText()).toMatch(/zone/i);
    expect(await page.getByLabel('Environment').inputValue()).toBe('production');

    await page.getByLabel('Time issue started').fill('June 15, 2016 10:04 PM CST');
    await page.getByLabel('Time issue stopped').fill('2016-06-16T22:44Z');
    await page.getByLabel('Entry 1 time').fill('2016-06-16 04:04 UTC');
    await page.getByLabel('Entry 1 text').fill('Smoke tests fail');
    await Promise.all([page.waitForURL(/saved=\d+|warnings=/), page.getByRole('button', { name: 'Save' }).click()]);
    // CST in June: kept as written, with a warning that asks about daylight time.
    expect(await page.locator('.field-warning').first().innerText()).toMatch(/CDT/);

    await page.goto(`${server.url}/docs?q=stampede`);
    await page.getByRole('link', { name: 'Cache stampede after deploy' }).click();
    await page.waitForURL(/\/docs\/[0-9a-f-]+$/);
    const facts = await page.locator('table.facts').innerText();
    expect(facts).toContain('2016-06-16 04:04 UTC'); // 10:04 PM CST = 04:04 UTC next day
    expect(facts).toContain('18:40 hours');
    expect(await page.locator('table.timeline').innerText()).toContain('Smoke tests fail');

    // Two tabs edit the same field of the same version: the second save is not stored; it shows theirs beside
    // yours (still in the form) to choose from.
    const tabA = await context.newPage();
    const tabB = await context.newPage();
    await tabA.goto(editUrl);
    await tabB.goto(editUrl);
    await tabA.getByLabel('Environment').fill('production (tab A)');
    await Promise.all([tabA.waitForURL(/saved=\d+/), tabA.getByRole('button', { name: 'Save' }).click()]);
    await tabB.getByLabel('Environment').fill('production (tab B)');
    await tabB.getByRole('button', { name: 'Save' }).click();
    await tabB.getByText('this document changed while you were editing').waitFor();
    expect(await tabB.getByRole('textbox', { name: 'Environment', exact: true }).inputValue()).toBe('production (tab B)');
    expect(await tabB.getByRole('group', { name: 'Environment: changed on both sides' }).locator('.merge-theirs').innerText()).toContain(
      'production (tab A)',
    );
    await tabA.reload();
    expect(await tabA.getByLabel('Environment').inputValue()).toBe('production (tab A)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('serves /healthz and refuses a second server on the same DATA_DIR', async () => {
    const server = running.server();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    await expect(startServer({ DATA_DIR: server.dataDir })).rejects.toThrow(new RegExp(`in use by process ${server.process.pid}`));
  });
});

describe('forms without client JavaScript', () => {
  const running = useServerAndBrowser();

  it('signs in, creates a document, saves every kind of field and publishes it', async () => {
    const [server, browser] = [running.server(), running.browser()];
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, server.url);
    await page.goto(`${server.url}/docs/new`);
    await page.getByLabel(/Go \/ No-Go/).check();
    await page.getByLabel('Title').fill('Launch review without JS');
    await Promise.all([page.waitForURL(/\/edit$/), page.getByRole('button', { name: /Create/ }).click()]);
    await page.getByLabel('Launch time').fill('2026-12-01 15:00 Europe/Berlin');
    await page.getByLabel('Who launches').fill('Ana\nKenji');
    await page.getByLabel('What is launching').fill('Gift cards');
    for (const q of await page.locator('.checklist-item fieldset').all()) await q.getByLabel('yes').check();
    await page.getByLabel('Other contingency notes', { exact: true }).fill('Turn off the **gift_cards** flag.');
    // The contingency plan's rows: fill the first blank row.
    await page.getByLabel('Row 1: Risk', { exact: true }).fill('Redemptions fail');
    await page.getByLabel('Row 1: Planned response', { exact: true }).fill('Hide gift cards at checkout');
    await page.getByLabel('Row 1: On/off switch to use', { exact: true }).fill('gift_cards');
    await page.getByLabel('Action 1 title').fill('Tell support');
    await Promise.all([page.waitForURL(/saved=\d+/), page.getByRole('button', { name: 'Save' }).click()]);
    await page.goto(page.url().replace(/\/edit.*$/, ''));
    expect(await page.locator('table.facts').innerText()).toContain('2026-12-01 14:00 UTC');
    expect(await page.locator('.rich-text strong').innerText()).toBe('gift_cards');
    expect(await page.getByRole('cell', { name: 'Hide gift cards at checkout' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    // Its author does not publish it: the second demo editor reviews and publishes, without JavaScript too.
    await page.getByText(/Waiting for a reviewer/).waitFor();
    const reviewUrl = page.url();
    const reviewerContext = await browser.newContext({ javaScriptEnabled: false });
    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, server.url, DEMO_REVIEWER);
    await reviewer.goto(reviewUrl);
    await reviewer.getByRole('button', { name: 'Publish' }).click();
    await reviewer.getByText('read-only').first().waitFor();
    expect(await reviewer.locator('.badge.published').count()).toBeGreaterThan(0);
    await reviewerContext.close();
    await context.close();
  });
});
