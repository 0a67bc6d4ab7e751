// Review comments in Chromium: quote a selected passage, mention someone through the suggestions, the mentioned
// person's inbox badge and inbox, a reply and a resolve; and a comment without JavaScript.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_REVIEWER, signIn, useServerAndBrowser } from './helpers';

describe('review comments and the inbox', () => {
  const running = useServerAndBrowser();
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return page;
  };

  it('quotes a passage, mentions a colleague, who sees it in the inbox, replies and resolves; also without JavaScript', async () => {
    const url = running.server().url;
    const browser = running.browser();
    const a = await browser.newContext();
    const page = watch(await a.newPage());
    await signIn(page, url);
    // A new draft RCA with a root cause to quote.
    await page.goto(`${url}/docs/new`);
    await page.getByLabel(/Blameless RCA/).check();
    await page.getByLabel('Title').fill('Comment walk');
    await Promise.all([page.waitForURL(/\/docs\/[0-9a-f-]+\/edit$/), page.getByRole('button', { name: /Create/ }).click()]);
    const id = /\/docs\/([0-9a-f-]+)\/edit$/.exec(page.url())![1];
    const editor = page.locator('[data-testid="richtext-f.rootCause"]');
    await editor.click();
    await page.keyboard.type('The cache warmer ran before the deploy finished.');
    await page.getByRole('button', { name: /^Save/ }).click();
    await page.getByText('Saved as version 2.').waitFor();

    await page.goto(`${url}/docs/${id}`);
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter);
    // Select "cache warmer ran" inside the Root cause section, then quote it.
    await page.evaluate(() => {
      const el = document.querySelector('[data-field="rootCause"]')!;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let node: Node | null = walker.nextNode();
      while (node && !node.textContent?.includes('cache warmer ran')) node = walker.nextNode();
      const start = node!.textContent!.indexOf('cache warmer ran');
      const range = document.createRange();
      range.setStart(node!, start);
      range.setEnd(node!, start + 'cache warmer ran'.length);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    });
    const panel = page.locator('#comments');
    await panel.getByRole('button', { name: 'Quote selected text' }).click();
    await expect.poll(() => panel.getByLabel('Quoted passage (optional)').inputValue()).toBe('cache warmer ran');
    expect(await panel.getByLabel('Section').inputValue()).toBe('rootCause');
    const box = panel.getByLabel('Comment', { exact: true });
    await box.click();
    await page.keyboard.type('Should the warmer wait? @review');
    await panel.getByRole('button', { name: /reviewer@kaizen\.local/ }).click();
    await page.keyboard.type('what do you think?');
    expect(await box.inputValue()).toBe('Should the warmer wait? @reviewer@kaizen.local what do you think?');
    await Promise.all([page.waitForURL(/#thread-/), panel.getByRole('button', { name: 'Comment', exact: true }).click()]);
    await panel.getByText('On a passage of').waitFor();
    await expect.poll(() => panel.locator('blockquote.quote').first().textContent()).toBe('cache warmer ran');
    expect(await panel.locator('strong.mention').first().textContent()).toBe('@reviewer@kaizen.local');

    // The reviewer sees the badge, opens the inbox, follows the notice and replies.
    const b = await browser.newContext();
    const pb = watch(await b.newPage());
    await signIn(pb, url, DEMO_REVIEWER);
    await pb.getByRole('link', { name: /Inbox, 1 unread/ }).click();
    await pb.getByRole('link', { name: /mentioned you on “Comment walk”/ }).click();
    await pb.waitForURL(new RegExp(`/docs/${id}/comments`));
    await pb.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter);
    await pb.getByText('Reply', { exact: true }).first().click();
    await pb.getByLabel('Reply', { exact: true }).fill('Yes: gate it on the deploy marker.');
    await pb.getByRole('button', { name: 'Reply', exact: true }).click();
    await pb.getByText('Yes: gate it on the deploy marker.').waitFor();
    await pb.getByRole('button', { name: 'Resolve' }).click();
    await pb.getByText(/resolved by/).waitFor();

    // Without JavaScript: a comment on the whole document from the read view, and the error path keeps the text.
    const c = await browser.newContext({ javaScriptEnabled: false });
    const pc = await c.newPage();
    await signIn(pc, url, DEMO_REVIEWER);
    await pc.goto(`${url}/docs/${id}`);
    await pc.locator('#comments').getByLabel('Quoted passage (optional)').fill('words that are not there');
    await pc.locator('#comments').getByLabel('Section').selectOption('rootCause');
    await pc.locator('#comments').getByLabel('Comment', { exact: true }).fill('A no-JS remark');
    await pc.locator('#comments').getByRole('button', { name: 'Comment', exact: true }).click();
    await pc.getByText('quote text that is in the section').waitFor();
    expect(await pc.getByLabel('Comment', { exact: true }).inputValue()).toBe('A no-JS remark');
    await pc.getByLabel('Quoted passage (optional)').fill('');
    await pc.getByRole('button', { name: 'Comment', exact: true }).click();
    // The error page was the comments page, so the save lands on its thread there.
    await pc.waitForURL(new RegExp(`/docs/${id}/comments#thread-`));
    await pc.getByText('A no-JS remark').waitFor();

    // The author is told about both people's comments.
    await page.goto(`${url}/inbox`);
    await page
      .getByText(/replied on “Comment walk”|commented on your “Comment walk”/)
      .first()
      .waitFor();
    await Promise.all([a.close(), b.close(), c.close()]);
    expect(errors).toEqual([]);
  }, 180_000);
});
