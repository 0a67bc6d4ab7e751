// Waivers in Chromium with JavaScript on (the page hydrates and posts through Remix): the demo launch in review has a
// failing required question; its author asks for a waiver — first with a past day (the error names it and keeps what
// was typed), then properly — and the reviewer approves it as a role the template names.
import { describe, expect, it } from 'vitest';
import { signIn, useServerAndBrowser } from './helpers';
import { DEMO_REVIEWER } from '../../db/seed';

const TITLE = 'Launch review: one-click reorder';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('waivers in the browser', () => {
  const running = useServerAndBrowser();

  it('asks for a waiver, keeps what was typed on an error, and another person approves it', async () => {
    const url = running.server().url;
    const errors: string[] = [];
    const author = await (await running.browser().newContext()).newPage();
    author.on('pageerror', (e) => errors.push(e.message));
    author.on('console', (m) => {
      // The refused request answers 400 on purpose; the browser logs that. Anything else is an error.
      if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text());
    });
    await signIn(author, url);
    await author.goto(`${url}/launches`);
    const href = await author.getByRole('link', { name: TITLE }).first().getAttribute('href');
    await author.goto(`${url}${href}`);
    await author.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter);
    const panel = author.locator('#waivers');
    await panel.getByLabel('Question').selectOption({ label: 'Is communication ready? (answered No)' });
    await panel.getByLabel('Reason').fill('Support can answer from the FAQ for a week.');
    await panel.getByLabel('Risk accepted').fill('Slower answers to reorder questions.');
    await panel.getByLabel('Approved by (role)').selectOption('Operations');
    await panel.getByLabel('Last day it counts').fill(day(-2));
    await panel.getByRole('button', { name: 'Ask for the waiver' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toMatch(/cannot be in the past/);
    expect(await panel.getByLabel('Reason').inputValue()).toBe('Support can answer from the FAQ for a week.');
    await panel.getByLabel('Last day it counts').fill(day(10));
    await panel.getByRole('button', { name: 'Ask for the waiver' }).click();
    await expect
      .poll(() => panel.getByRole('status').textContent())
      .toBe('Waiver asked for “Is communication ready?”: Operations approves it.');
    // The asker is offered no approve button.
    expect(await panel.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    const reviewer = await (await running.browser().newContext()).newPage();
    reviewer.on('pageerror', (e) => errors.push(e.message));
    await signIn(reviewer, url, DEMO_REVIEWER);
    await reviewer.goto(`${url}${href}`);
    await reviewer.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter);
    // The reviewer signed this review as Engineering lead: approving as Operations is refused with the reason.
    await reviewer.locator('#waivers').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => reviewer.locator('#waivers').getByRole('alert').textContent()).toMatch(/one person holds one role/);
    expect(errors).toEqual([]);
  });
});
