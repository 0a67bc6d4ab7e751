import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_REVIEWER, signIn, useServerAndBrowser } from './helpers';

/** The editor of one rich-text field, once hydrated (the no-JS textarea is replaced). */
const editorOf = (page: Page, key: string) => page.locator(`[data-testid="richtext-f.${key}"]`);

describe('RCA authoring in a real browser', () => {
  const running = useServerAndBrowser();

  it('writes a full RCA, pastes a timeline, sees every missing item at once, publishes, reopens', async () => {
    const [server, browser] = [running.server(), running.browser()];
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server.url);

    await page.goto(`${server.url}/docs/new`);
    await page.getByLabel(/Blameless RCA/).check();
    await page.getByLabel('Title').fill('Search returned errors after an index rollover');
    await page.getByLabel('Severity').selectOption('SEV2');
    await page.getByLabel('Service').fill('search');
    await Promise.all([page.waitForURL(/\/docs\/[0-9a-f-]+\/edit$/), page.getByRole('button', { name: /Create/ }).click()]);
    const editUrl = page.url();
    const docUrl = editUrl.replace(/\/edit$/, '');

    // Rich text: the tiptap editor replaces the Markdown textarea after hydration.
    const symptoms = editorOf(page, 'symptoms');
    await symptoms.waitFor();
    await symptoms.click();
    await page.keyboard.type('Search answered 5xx for a third of queries.');
    await page.keyboard.press('Enter');
    await page.getByRole('toolbar', { name: 'Symptoms formatting' }).getByRole('button', { name: 'Bullet list' }).click();
    await page.keyboard.type('Error rate alert');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Customer reports, see ');
    page.once('dialog', (d) => void d.accept('https://status.example.com/incidents/42'));
    await page.getByRole('toolbar', { name: 'Symptoms formatting' }).getByRole('button', { name: 'Link' }).click();
    await expect(symptoms.locator('ul li').count()).resolves.toBe(2);
    await expect(symptoms.locator('a[href="https://status.example.com/incidents/42"]').count()).resolves.toBe(1);

    // Blameless hints appear under the field while typing (advisory only).
    await page.getByLabel('RCA team members').fill('Ada Lovelace\nGrace Hopper');
    const what = editorOf(page, 'whatHappened');
    await what.click();
    await page.keyboard.type('The index rollover ran at peak. Human error: Ada should have checked the alias first.');
    const hints = page.locator('[data-blameless="whatHappened"]');
    await hints.waitFor();
    const hintText = await hints.innerText();
    expect(hintText).toMatch(/Human error/i);
    expect(hintText).toMatch(/should have/i);

    // Timeline: paste from chat, review the proposals, add the checked ones.
    await page.getByText('Paste from chat or a log').click();
    await page
      .getByLabel('Lines from chat or a log (one event per line)')
      .fill(
        [
          '[22:31] ada: error rate alert fired',
          'see thread above',
          '[22:05] grace: rollover job started',
          '[23:10] ada: alias repointed, errors gone',
          '[22:50] bob: lunch',
        ].join('\n'),
      );
    await page.getByLabel('Assume date (for lines with a time only)').fill('2016-06-15');
    await page.getByLabel('Assume zone (for lines without one)').fill('UTC');
    await page.getByRole('button', { name: 'Propose entries' }).click();
    const proposals = page.getByLabel('Proposed entries');
    await proposals.waitFor();
    expect(await proposals.innerText()).toMatch(/Line 2: see thread above/);
    await proposals.getByLabel(/bob: lunch/).uncheck();
    await page.getByRole('button', { name: 'Add 3 selected entries' }).click();
    const times = page.locator('input[name^="f.timeline."][name$=".at"]');
    await expect(times.count()).resolves.toBe(3);
    expect(await times.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([
      '2016-06-15 22:05 UTC',
      '2016-06-15 22:31 UTC',
      '2016-06-15 23:10 UTC',
    ]);
    // The unparsed line stays listed, never dropped silently.
    expect(await page.locator('.paste-unparsed').innerText()).toContain('see thread above');
    await page.getByLabel('Entry 2 marker').selectOption('detected');
    await page.getByLabel('Entry 3 marker').selectOption('mitigated');
    // An entry typed by hand in another zone is shown in UTC and sorted into place.
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByLabel('Entry 4 time').fill('2016-06-15 5:20 PM CDT');
    await page.getByLabel('Entry 4 text').focus();
    await expect(page.getByLabel('Entry 1 time').inputValue()).resolves.toBe('2016-06-15 22:05 UTC');
    expect(await times.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toContain('2016-06-15 22:20 UTC');
    await page.getByLabel('Entry 2 text').fill('Alias cut-over planned for the rollover');
    expect(await page.getByLabel('Entry 2 time').inputValue()).toBe('2016-06-15 22:20 UTC');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Saved as version/).waitFor();

    // Submit with things missing: every problem at once, next to its field.
    await page.goto(docUrl);
    expect(await page.locator('.blameless-panel').innerText()).toMatch(/Human error/i);
    await Promise.all([page.waitForURL(/\/edit\?missing=in_review/), page.getByRole('button', { name: 'Submit for review' }).click()]);
    const banner = await page.getByRole('alert').filter({ hasText: 'missing before' }).innerText();
    expect(banner).toMatch(/4 things are missing/);
    for (const key of ['startedAt', 'endedAt', 'rootCause', 'nextSteps'])
      expect(await page.locator(`#field-${key} .field-error`).count(), key).toBe(1);

    // Fix them.
    await editorOf(page, 'rootCause').waitFor();
    await page.getByLabel('Time issue started').fill('2016-06-15 22:05 UTC');
    await page.getByLabel('Time issue stopped').fill('2016-06-15 11:40 PM UTC');
    await editorOf(page, 'rootCause').click();
    await page.keyboard.type('The rollover job moved the alias before the new index was warm.');
    await page.getByLabel('Action 1 title').fill('Warm new indexes before moving the alias');
    await page.getByLabel('Action 1 owner').fill('Grace Hopper');
    await page.getByLabel('Action 1 due date').fill('2016-07-01');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Nothing is missing now').waitFor();

    // Computed facts in the header, from the fields and the markers.
    await page.goto(docUrl);
    const facts = await page.getByRole('table', { name: 'Incident facts' }).innerText();
    expect(facts).toMatch(/Total time services affected\s+1:35 hours/);
    expect(facts).toMatch(/Time to detect\s+0:26 hours/);
    expect(facts).toMatch(/Time to mitigate\s+1:05 hours/);

    await page.getByRole('button', { name: 'Submit for review' }).click();
    // The author cannot publish their own RCA: a second editor reviews and publishes it.
    await page.getByText(/Waiting for a reviewer/).waitFor();
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    const reviewerContext = await browser.newContext();
    const reviewerPage = await reviewerContext.newPage();
    reviewerPage.on('pageerror', (e) => errors.push(e.message));
    await signIn(reviewerPage, server.url, DEMO_REVIEWER);
    await reviewerPage.goto(docUrl);
    await reviewerPage.getByRole('button', { name: 'Publish' }).click();
    await reviewerPage.getByText(/is published .* by Demo Reviewer\) and read-only/).waitFor();
    await reviewerContext.close();
    await page.goto(docUrl);
    await page.getByText(/is published .* and read-only/).waitFor();
    expect(await page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    await page.goto(editUrl);
    expect(page.url()).toBe(docUrl);

    await page.getByRole('button', { name: 'Reopen as draft' }).click();
    await page.getByRole('link', { name: 'Edit', exact: true }).waitFor();

    // History shows who moved it and when.
    await page.goto(`${docUrl}/history`);
    const history = await page.getByRole('table', { name: 'Revisions' }).innerText();
    expect(history).toContain('draft → in_review');
    expect(history).toContain('in_review → published');
    expect(history).toContain('published → draft');
    expect(errors).toEqual([]);
    await context.close();
  });
});
