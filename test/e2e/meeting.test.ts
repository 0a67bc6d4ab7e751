// The launch meeting in Chromium: with JavaScript on, driven by the keyboard only from the first question to the
// recorded decision (n / p / arrows, d to mark discussed, Tab and Enter through the sign-off and the end form);
// then the same meeting page with JavaScript off, through plain links and form posts.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, useServerAndBrowser } from './helpers';

const TITLE = 'Launch review: one-click reorder';

describe('launch meeting', () => {
  const running = useServerAndBrowser();
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return page;
  };
  const progress = (page: Page) => page.getByTestId('meeting-progress').textContent();
  /** Press Tab until the focused element matches, as a keyboard user would. */
  async function tabTo(page: Page, matches: (el: { id: string; tag: string; text: string; label: string }) => boolean) {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const el = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        const label = (a?.closest('label')?.textContent ?? '').trim();
        return { id: a?.id ?? '', tag: a?.tagName ?? '', text: (a?.textContent ?? '').trim(), label };
      });
      if (matches(el)) return;
    }
    throw new Error('never reached the element with Tab');
  }
  async function reviewId(page: Page, url: string) {
    await page.goto(`${url}/launches`);
    const href = await page.getByRole('link', { name: TITLE }).first().getAttribute('href');
    return /\/docs\/([0-9a-f-]+)$/.exec(href ?? '')![1];
  }

  it('runs from the first question to a recorded decision with the keyboard only', async () => {
    const url = running.server().url;
    const context = await running.browser().newContext();
    const page = watch(await context.newPage());
    await signIn(page, url);
    const id = await reviewId(page, url);
    const meeting = `${url}/docs/${id}/meeting`;
    await page.goto(`${url}/docs/${id}`);
    expect(await page.getByRole('link', { name: 'Start the launch meeting' }).getAttribute('href')).toBe(`/docs/${id}/meeting`);

    await page.goto(meeting);
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter);
    // Pick the reviewer as an attendee and name a guest, with the keyboard.
    await tabTo(page, (el) => el.label === 'Demo Reviewer');
    await page.keyboard.press('Space');
    const reviewerBox = page.getByRole('checkbox', { name: 'Demo Reviewer' });
    expect(await reviewerBox.isChecked()).toBe(true);
    await tabTo(page, (el) => el.id === 'meeting-guests');
    await page.keyboard.type('Gia Guest');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/\/meeting\?q=1$/), page.keyboard.press('Enter')]);
    await expect.poll(() => progress(page)).toContain('1 of 12, 0 discussed');
    expect(await page.getByTestId('meeting-keys').textContent()).toContain('d mark discussed');

    // d marks the question discussed and goes on; n / → next, p / ← previous.
    await Promise.all([page.waitForURL(/\?q=2$/), page.keyboard.press('d')]);
    await expect.poll(() => progress(page)).toContain('2 of 12, 1 discussed');
    await Promise.all([page.waitForURL(/\?q=3$/), page.keyboard.press('ArrowRight')]);
    await expect.poll(() => progress(page)).toContain('3 of 12, 1 discussed');
    await Promise.all([page.waitForURL(/\?q=2$/), page.keyboard.press('p')]);
    await expect.poll(() => progress(page)).toContain('2 of 12, 1 discussed');
    await Promise.all([page.waitForURL(/\?q=1$/), page.keyboard.press('ArrowLeft')]);
    // The URL moves before the step renders: wait for question 1, then read its mark.
    await expect.poll(() => progress(page)).toContain('1 of 12, 1 discussed');
    await expect.poll(() => page.locator('[data-discussed]').getAttribute('data-discussed')).toBe('true');
    await Promise.all([page.waitForURL(/\?q=2$/), page.keyboard.press('n')]);
    // The seed answered "Is communication ready?" No: its blocker shows.
    for (let q = 2; q <= 12; q++) {
      // The URL moves before the new question renders: wait for its step, then read question and answer together.
      await expect.poll(() => progress(page)).toContain(`${q} of 12`);
      const [title, answer] = await page.evaluate(() => [
        document.querySelector('.meeting-question h2')?.textContent ?? '',
        document.querySelector('[data-answer]')?.getAttribute('data-answer') ?? '',
      ]);
      if (title === 'Is communication ready?') expect(answer).toBe('no');
      await Promise.all([page.waitForURL(new RegExp(`\\?q=${q + 1}$`)), page.keyboard.press('d')]);
    }
    await expect.poll(() => progress(page)).toContain('Sign-off (after 12 questions), 12 discussed');

    // The sign-off panel: role and decision by type-ahead, a comment whose letters are not shortcuts, Enter.
    await tabTo(page, (el) => el.id === 'signoff-role');
    await page.keyboard.type('Operations');
    await page.keyboard.press('Tab');
    await page.keyboard.type('No-Go');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not yet: the support macro is pending');
    expect(page.url()).toMatch(/\?q=13$/);
    await page.keyboard.press('Enter');
    await page.getByText('Signed.').waitFor();
    await expect.poll(() => page.locator('[data-decision]').getAttribute('data-decision')).toBe('no_go');

    await tabTo(page, (el) => el.text === 'End the meeting and record the decision');
    await Promise.all([page.waitForURL(/\/meeting\?ended=/), page.keyboard.press('Enter')]);
    const recorded = page.locator('[data-recorded-decision]');
    expect(await recorded.getAttribute('data-recorded-decision')).toBe('no_go');
    expect(await recorded.textContent()).toContain('attendees: Demo Editor, Demo Reviewer, Gia Guest');
    expect(await page.getByRole('list', { name: 'Past launch meetings' }).textContent()).toContain('No-Go at the meeting of');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works with JavaScript off: plain links and form posts', async () => {
    const url = running.server().url;
    const context = await running.browser().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, url);
    const id = await reviewId(page, url);
    await page.goto(`${url}/docs/${id}/meeting`);
    await Promise.all([page.waitForURL(/\?q=1$/), page.getByRole('button', { name: 'Start the meeting' }).click()]);
    expect(await progress(page)).toContain('1 of 12, 0 discussed');
    await Promise.all([page.waitForURL(/\?q=2$/), page.getByRole('button', { name: 'Mark discussed and go on' }).click()]);
    expect(await progress(page)).toContain('2 of 12, 1 discussed');
    await Promise.all([page.waitForURL(/\?q=3$/), page.getByRole('link', { name: 'Next →' }).click()]);
    await Promise.all([page.waitForURL(/\?q=2$/), page.getByRole('link', { name: '← Previous' }).click()]);
    // Keys do nothing without JavaScript (the links do the work).
    await page.keyboard.press('n');
    expect(page.url()).toMatch(/\?q=2$/);
    await page.goto(`${url}/docs/${id}/meeting?q=13`);
    await Promise.all([page.waitForURL(/\?ended=/), page.getByRole('button', { name: 'End the meeting and record the decision' }).click()]);
    expect(await page.locator('[data-recorded-decision]').getAttribute('data-recorded-decision')).toBe('no_go');
    expect(await page.getByRole('list', { name: 'Past launch meetings' }).locator('li').count()).toBe(2);
    await context.close();
  });
});
