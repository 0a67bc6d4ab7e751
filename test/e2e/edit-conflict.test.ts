import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signIn, useServerAndBrowser } from './helpers';

/** The editor of one rich-text field, once hydrated (the no-JS textarea is replaced). */
const editorOf = (page: Page, key: string) => page.locator(`[data-testid="richtext-f.${key}"]`);
const SECOND = { email: 'grace@kaizen.test', password: 'grace-hopper-2026', name: 'Grace' };

async function replaceRichText(page: Page, key: string, text: string) {
  const editor = editorOf(page, key);
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

async function save(page: Page) {
  await page.getByRole('button', { name: /^Save( merged version)?$/ }).click();
}

describe('two people edit one RCA at once', () => {
  // The form's conflict merge: what the page is without live co-editing (no JavaScript, no socket, or COLLAB=false).
  const running = useServerAndBrowser({ COLLAB: 'false' });
  let a: BrowserContext;
  let b: BrowserContext;
  const errors: string[] = [];

  /** Person A is the demo editor; person B the first admin, created through /setup. */
  async function people(browser: Browser, url: string) {
    if (a && b) return;
    a = await browser.newContext();
    b = await browser.newContext();
    const pa = await a.newPage();
    await signIn(pa, url);
    const pb = await b.newPage();
    await pb.goto(`${url}/setup`);
    await pb.getByLabel('Email').fill(SECOND.email);
    await pb.getByLabel('Name').fill(SECOND.name);
    await pb.getByLabel('Password (at least 10 characters)').fill(SECOND.password);
    await pb.getByLabel('Password again').fill(SECOND.password);
    await Promise.all([pb.waitForURL(/\/admin/), pb.getByRole('button', { name: 'Create the admin account' }).click()]);
    await pa.close();
    await pb.close();
  }

  /** A new draft RCA with What happened and Root cause filled in; returns its edit URL. */
  async function draft(url: string, title: string): Promise<string> {
    const page = await a.newPage();
    await page.goto(`${url}/docs/new`);
    await page.getByLabel(/Blameless RCA/).check();
    await page.getByLabel('Title').fill(title);
    await Promise.all([page.waitForURL(/\/docs\/[0-9a-f-]+\/edit$/), page.getByRole('button', { name: /Create/ }).click()]);
    const editUrl = page.url();
    await replaceRichText(page, 'whatHappened', 'The original story.');
    await replaceRichText(page, 'rootCause', 'The original cause.');
    await save(page);
    await page.getByText('Saved as version 2.').waitFor();
    await page.close();
    return editUrl;
  }

  const open = async (ctx: BrowserContext, url: string) => {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    return page;
  };

  it('disjoint changes merge without asking, the merged form is shown, and both survive; rich text stays rich text', async () => {
    const [server, browser] = [running.server(), running.browser()];
    await people(browser, server.url);
    const editUrl = await draft(server.url, 'Disjoint edits');
    const pa = await open(a, editUrl);
    const pb = await open(b, editUrl);
    await editorOf(pb, 'whatHappened').waitFor();

    await replaceRichText(pa, 'rootCause', 'A: retries were unbounded.');
    await save(pa);
    await pa.getByText('Saved as version 3.').waitFor();

    await replaceRichText(pb, 'whatHappened', 'B: a poison message blocked the consumer.');
    await save(pb);
    const banner = pb.getByRole('alert', { name: 'Merge' });
    await banner.waitFor();
    const notice = await banner.innerText();
    expect(notice).toContain('Root cause: their change');
    expect(notice).toContain('What happened: your change');
    expect(notice).toContain('save it as version 4');
    expect(await pb.locator('[data-conflict]').count()).toBe(0);
    // Every rich-text field is still a rich-text editor holding text, never the JSON of a document.
    for (const key of ['symptoms', 'whatHappened', 'rootCause']) {
      await editorOf(pb, key).waitFor();
      expect(await editorOf(pb, key).innerText(), key).not.toContain('"type"');
    }
    expect(await editorOf(pb, 'rootCause').innerText()).toBe('A: retries were unbounded.');
    expect(await editorOf(pb, 'whatHappened').innerText()).toBe('B: a poison message blocked the consumer.');

    await save(pb);
    await pb.getByText('Saved as version 4.').waitFor();
    await pb.goto(editUrl.replace(/\/edit$/, ''));
    const body = await pb.locator('main').innerText();
    expect(body).toContain('A: retries were unbounded.');
    expect(body).toContain('B: a poison message blocked the consumer.');
    expect(body).not.toContain('"type"');
    await Promise.all([pa.close(), pb.close()]);
  });

  it('a field both changed is shown side by side, and the pick (edited) is saved', async () => {
    const [server] = [running.server()];
    const editUrl = await draft(server.url, 'Both edit the root cause');
    const pa = await open(a, editUrl);
    const pb = await open(b, editUrl);
    await editorOf(pb, 'rootCause').waitFor();

    await replaceRichText(pa, 'rootCause', 'A: the alias moved too early.');
    await pa.getByLabel('Environment').fill('production');
    await save(pa);
    await pa.getByText('Saved as version 3.').waitFor();

    await replaceRichText(pb, 'rootCause', 'B: the index was cold.');
    await save(pb);
    const choice = pb.getByRole('group', { name: 'Root cause: changed on both sides' });
    await choice.waitFor();
    expect(await choice.locator('.merge-theirs').innerText()).toContain('A: the alias moved too early.');
    expect(await editorOf(pb, 'rootCause').innerText()).toBe('B: the index was cold.');
    expect(await pb.getByRole('alert', { name: 'Merge' }).innerText()).toContain('Environment: their change');
    expect(await pb.getByLabel('Environment').inputValue()).toBe('production');

    // Saving without a pick is refused and asks again.
    await save(pb);
    await pb.getByText('Choose one to save').waitFor();
    await choice.getByRole('radio', { name: 'Keep yours' }).check();
    await editorOf(pb, 'rootCause').click();
    await pb.keyboard.press('End');
    await pb.keyboard.type(' It was not warmed.');
    await save(pb);
    await pb.getByText('Saved as version 4.').waitFor();
    await pb.goto(editUrl.replace(/\/edit$/, ''));
    const body = await pb.locator('main').innerText();
    expect(body).toContain('B: the index was cold. It was not warmed.');
    expect(body).not.toContain('A: the alias moved too early.');
    expect(body).toContain('production');
    await Promise.all([pa.close(), pb.close()]);
  });

  it('without JavaScript the merge page is a plain form: Markdown in text boxes, theirs beside yours, the pick saved', async () => {
    const [server, browser] = [running.server(), running.browser()];
    const editUrl = await draft(server.url, 'No-JS merge');
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const pb = await noJs.newPage();
    await pb.goto(`${server.url}/login`);
    await pb.getByLabel('Email').fill(SECOND.email);
    await pb.getByLabel('Password').fill(SECOND.password);
    await Promise.all([pb.waitForURL((u) => !u.pathname.startsWith('/login')), pb.getByRole('button', { name: 'Sign in' }).click()]);
    await pb.goto(editUrl);
    expect(await pb.locator('textarea[name="f.rootCause"]').inputValue()).toBe('The original cause.');

    const pa = await open(a, editUrl);
    await replaceRichText(pa, 'rootCause', 'A: **bold** cause.');
    await replaceRichText(pa, 'whatHappened', 'A: the story, retold.');
    await save(pa);
    await pa.getByText('Saved as version 3.').waitFor();

    await pb.locator('textarea[name="f.rootCause"]').fill('B: my cause.');
    await pb.getByLabel('What was affected').fill('Search');
    await Promise.all([pb.waitForLoadState('load'), save(pb)]);
    await pb.getByRole('alert', { name: 'Merge' }).waitFor();
    expect(await pb.getByRole('alert', { name: 'Merge' }).innerText()).toContain('What happened: their change');
    // Rich text comes back as Markdown text, not as the JSON the other browser posted.
    expect(await pb.locator('textarea[name="f.whatHappened"]').inputValue()).toBe('A: the story, retold.');
    expect(await pb.locator('textarea[name="f.rootCause"]').inputValue()).toBe('B: my cause.');
    const choice = pb.getByRole('group', { name: 'Root cause: changed on both sides' });
    expect(await choice.locator('.merge-theirs').innerText()).toContain('A: bold cause.');
    await choice.getByRole('radio', { name: /Keep theirs/ }).check();
    await Promise.all([pb.waitForURL(/saved=4/), save(pb)]);
    await pb.getByText('Saved as version 4.').waitFor();
    expect(await pb.locator('textarea[name="f.rootCause"]').inputValue()).toBe('A: **bold** cause.');
    expect(await pb.locator('textarea[name="f.whatHappened"]').inputValue()).toBe('A: the story, retold.');
    expect(await pb.getByLabel('What was affected').inputValue()).toBe('Search');
    await noJs.close();
    await pa.close();
    await Promise.all([a.close(), b.close()]);
    expect(errors).toEqual([]);
  });
});
