// Every page of app/routes, visited as an admin in Chromium against a real `node server.mjs`:
// no Content-Security-Policy violation, no uncaught error, no console error (a hydration
// mismatch, React #418, a `.map` of undefined in the client bundle…). The page list comes from
// the route files, so a new page is visited without anyone adding it here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../db/client';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createUser } from '../../app/models/user.server';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { toActor } from '../../app/models/user.server';
import { launchBrowser, signIn, startServer, type RunningServer } from './helpers';
import { routeFiles, urlPattern } from '../helpers/routes';
import { rcaInput } from '../helpers/factories';

const ADMIN = { email: 'crawl-admin@example.test', password: 'crawl admin password' };

/** Console errors, uncaught errors and CSP violations of a page, as they happen. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    // A failed load is reported below with its URL (a page that answers 4xx on purpose is not a problem).
    if (/^Failed to load resource/.test(m.text())) return;
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document')
      problems.push(`${r.request().resourceType()} ${r.url()} answered ${r.status()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  // Hydration has run once Remix's router is up; errors it raised are already in `problems`.
  await page.waitForFunction(
    () => (window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state?.initialized === true,
  );
  await page.waitForLoadState('networkidle');
}

describe('every page hydrates in Chromium without CSP violations or errors', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const ids: Record<'draft' | 'published' | 'checklist', string> = { draft: '', published: '', checklist: '' };

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-crawl-'));
    const opened = await openDatabase({ dataDir });
    await syncBuiltInTemplates(opened.db);
    const admin = toActor(
      await createUser(opened.db, { email: ADMIN.email, name: 'Crawl admin', role: 'admin', password: ADMIN.password }),
    );
    const pub = await createDocument(opened.db, { actor: admin, input: rcaInput({ title: 'Crawl published' }) });
    const r = await transitionDocument(opened.db, { actor: admin, id: pub.id, input: { to: 'in_review', version: pub.version } });
    // Publishing is approved by someone other than the author.
    const reviewer = toActor(
      await createUser(opened.db, {
        email: 'crawl-reviewer@example.test',
        name: 'Crawl reviewer',
        role: 'editor',
        password: ADMIN.password,
      }),
    );
    await transitionDocument(opened.db, { actor: reviewer, id: pub.id, input: { to: 'published', version: r.version } });
    ids.published = pub.id;
    ids.draft = (await createDocument(opened.db, { actor: admin, input: rcaInput({ title: 'Crawl draft' }) })).id;
    ids.checklist = (await createDocument(opened.db, { actor: admin, input: { template: 'etsy-go-no-go', title: 'Crawl launch' } })).id;
    await opened.close();
    server = await startServer({ DATA_DIR: dataDir, SEED_DEMO: 'false' });
    browser = await launchBrowser();
    page = await browser.newPage();
    problems = watch(page);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} (${e.sample})`),
      );
    });
    await signIn(page, server.url, ADMIN);
  });
  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  /** Page URLs from app/routes: API routes, resource routes (`.ts` files: PDFs, Markdown, downloads, JSON, feeds) and sign-out are not pages; `:id` is every kind of document. */
  function pageUrls(): string[] {
    const urls: string[] = [];
    for (const file of routeFiles()) {
      const pattern = urlPattern(file);
      if (
        file.endsWith('.ts') ||
        pattern.startsWith('/api/') ||
        pattern.endsWith('.pdf') ||
        pattern.endsWith('.md') ||
        pattern === '/logout' ||
        pattern === '/admin/backup'
      )
        continue; // /admin/backup is a download
      if (pattern.includes(':id')) for (const id of Object.values(ids)) urls.push(pattern.replace(':id', id));
      else urls.push(pattern);
    }
    return urls;
  }

  it('derives the page list from app/routes', () => {
    const urls = pageUrls();
    for (const p of ['/', '/docs', '/admin/tokens', '/admin/audit', `/docs/${ids.draft}/edit`]) expect(urls).toContain(p);
  });

  it('visits every page (GET) with zero problems', async () => {
    const report: string[] = [];
    for (const url of pageUrls()) {
      problems.length = 0;
      const res = await page.goto(`${server.url}${url}`);
      await settle(page);
      const status = res?.status() ?? 0;
      // Pages that answer 4xx on purpose (setup once an admin exists, an edit page of a published document) must still render cleanly.
      if (status >= 500) report.push(`${url}: HTTP ${status}`);
      for (const p of problems) report.push(`${url}: ${p}`);
    }
    expect(report).toEqual([]);
  });

  it('has no problems after using the admin forms (tokens, users) and the filters of the lists', async () => {
    const report: string[] = [];
    const step = async (what: string, act: () => Promise<unknown>) => {
      problems.length = 0;
      await act();
      await settle(page);
      for (const p of problems) report.push(`${what}: ${p}`);
    };
    await step('create a token', async () => {
      await page.goto(`${server.url}/admin/tokens`);
      await settle(page);
      await page.getByLabel('For user').selectOption(ADMIN.email);
      await page.getByLabel('Name').fill('crawl token');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByTestId('new-token').waitFor();
    });
    await step('revoke a token', async () => {
      await page.getByRole('button', { name: 'Revoke' }).first().click();
      await page
        .getByText(/revoked/i)
        .first()
        .waitFor();
    });
    await step('add a user', async () => {
      await page.goto(`${server.url}/admin/users`);
      await settle(page);
      await page.getByLabel('Email').fill('crawl-viewer@example.test');
      await page.getByRole('button', { name: /add/i }).click();
      await page.getByText(/Added crawl-viewer@example.test/).waitFor();
    });
    for (const url of [
      '/admin/audit?action=auth.sign_in',
      '/admin/audit?from=2020-01-01&to=2099-01-01&page=2',
      '/docs?status=published&from=2016-01-01T00:00:00Z',
      '/library?q=crawl',
      '/actions?status=open',
      '/insights?months=3',
      '/docs?from=garbage',
    ])
      await step(url, () => page.goto(`${server.url}${url}`));
    expect(report).toEqual([]);
  });

  it('does not leave the site after sign-in, whatever ?next= says (typed into the form)', async () => {
    const context = await browser.newContext();
    const anon = await context.newPage();
    for (const next of ['/%09/evil.example/a', '//evil.example', '/%5C/evil.example', 'https://evil.example/']) {
      await anon.goto(`${server.url}/login?next=${next}`);
      await anon.getByLabel('Email').fill(ADMIN.email);
      await anon.getByLabel('Password').fill(ADMIN.password);
      await Promise.all([anon.waitForURL((u) => !u.pathname.startsWith('/login')), anon.getByRole('button', { name: 'Sign in' }).click()]);
      expect(new URL(anon.url()).origin, next).toBe(server.url);
      await context.clearCookies();
    }
    await context.close();
  });
});
