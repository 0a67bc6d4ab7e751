// Shared by the accessibility suites: a seeded data dir (people of every role, a document of each
// built-in template in the states the pages show), and one check of a page at two widths.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../db/client';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createUser, toActor } from '../../app/models/user.server';
import { createDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { BUILT_IN_TEMPLATES } from '../../templates';
import { rcaInput } from '../helpers/factories';

export const PASSWORD = 'a11y test password';
export const PEOPLE = {
  viewer: 'a11y-viewer@example.test',
  editor: 'a11y-editor@example.test',
  admin: 'a11y-admin@example.test',
} as const;
export type Person = keyof typeof PEOPLE;

export type Seeded = {
  dataDir: string;
  /** A published document of each built-in template (every role reads these). */
  published: Record<string, string>;
  /** A draft of each built-in template (edit pages). */
  drafts: Record<string, string>;
  /** A launch review in review: its page shows the sign-off form. */
  inReview: string;
};

/** A fresh embedded database with the people and documents the pages need. */
export async function seedDataDir(): Promise<Seeded> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-a11y-'));
  const opened = await openDatabase({ dataDir });
  try {
    await syncBuiltInTemplates(opened.db);
    const [, editor, admin] = await Promise.all(
      (['viewer', 'editor', 'admin'] as const).map(async (role) =>
        toActor(await createUser(opened.db, { email: PEOPLE[role], name: `A11y ${role}`, role, password: PASSWORD })),
      ),
    );
    const published: Record<string, string> = {};
    const drafts: Record<string, string> = {};
    for (const t of BUILT_IN_TEMPLATES) {
      const input =
        t.key === 'blameless-rca' ? rcaInput({ title: `Published ${t.title}` }) : { template: t.key, title: `Published ${t.title}` };
      let doc = await createDocument(opened.db, { actor: editor, input });
      // Publishing needs a reviewer other than the author; incomplete content is still a valid draft, so force through review only where it can pass.
      try {
        doc = await transitionDocument(opened.db, { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
        doc = await transitionDocument(opened.db, { actor: admin, id: doc.id, input: { to: 'published', version: doc.version } });
      } catch {
        // A template whose empty form cannot pass review: its "published" page is its draft page.
      }
      published[t.key] = doc.id;
      const draft = await createDocument(opened.db, {
        actor: editor,
        input: t.key === 'blameless-rca' ? rcaInput({ title: `Draft ${t.title}` }) : { template: t.key, title: `Draft ${t.title}` },
      });
      drafts[t.key] = draft.id;
    }
    // A second version of one draft, so its history has a diff to show.
    const rca = drafts['blameless-rca'];
    await updateDocument(opened.db, { actor: editor, id: rca, input: { version: 1, title: 'Draft Blameless RCA, edited' } });
    const review = await createDocument(opened.db, { actor: editor, input: { template: 'etsy-go-no-go', title: 'Launch in review' } });
    const inReview = (
      await transitionDocument(opened.db, { actor: editor, id: review.id, input: { to: 'in_review', version: review.version } }).catch(
        () => review,
      )
    ).id;
    return { dataDir, published, drafts, inReview };
  } finally {
    await opened.close();
  }
}

export const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
/** Only the squeezed-words check runs at this width (axe and reflow run at the two above). */
const TABLET = { width: 768, height: 1024 } as const;

/**
 * Axe (every rule it runs by default: WCAG 2.x A and AA and best practices) at 1280 and at 390 px,
 * and reflow at 390 px (WCAG 1.4.10: nothing wider than the viewport, so no sideways scrolling); no word squeezed
 * across lines at 390 and 768 px.
 * Returns what is wrong, one line each.
 */
export async function checkPage(page: Page, url: string, label: string): Promise<string[]> {
  const problems: string[] = [];
  const started = Date.now();
  await page.setViewportSize(WIDTHS.desktop);
  const res = await page.goto(url);
  await page.waitForLoadState('networkidle');
  if (!res || res.status() >= 500) problems.push(`${label}: HTTP ${res?.status()}`);
  for (const [name, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations)
      problems.push(
        `${label} @${size.width}px: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
      );
    if (name === 'phone') {
      const wide = await page.evaluate(() => {
        const doc = document.documentElement;
        if (doc.scrollWidth <= window.innerWidth) return null;
        // Name the widest offenders, to say what to fix.
        const over = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}`,
          )
          .slice(0, 5);
        return `scrollWidth ${doc.scrollWidth} > ${window.innerWidth}: ${over.join(', ')}`;
      });
      if (wide) problems.push(`${label} @390px reflow: ${wide}`);
      for (const crushed of await crushedWords(page)) problems.push(`${label} @390px crushed: ${crushed}`);
    }
  }
  // Between the two: a tablet, where a row laid out for a desktop squeezes first.
  await page.setViewportSize(TABLET);
  for (const crushed of await crushedWords(page)) problems.push(`${label} @${TABLET.width}px crushed: ${crushed}`);
  if (process.env.A11Y_VERBOSE) console.log(`${label}: ${problems.length} problems, ${Date.now() - started} ms`);
  return problems;
}

/**
 * Words broken across lines on the page as it is now: a run of up to 12 letters or digits whose characters sit on more
 * than one line means its box was squeezed narrower than the word (a heading beside buttons, a table column), which
 * the page's width alone does not show. Longer runs (ids, URLs) may wrap anywhere. One line per element, at most 5.
 */
export async function crushedWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found = new Map<Element, string[]>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest('script, style, .sr-only, textarea, select, option, [hidden]')) continue;
      for (const m of (node.textContent ?? '').matchAll(/[\p{L}\p{N}]{2,12}/gu)) {
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) found.set(el, [...(found.get(el) ?? []), m[0]]);
      }
    }
    return [...found].slice(0, 5).map(([el, words]) => {
      // No named functions in here: a runner that keeps function names would call a helper the page does not have.
      const name = [el.parentElement, el]
        .map((e) =>
          e
            ? `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`
            : '',
        )
        .join(' > ');
      return `${name} (${Math.round(el.getBoundingClientRect().width)} px wide) breaks "${words.slice(0, 3).join('", "')}"`;
    });
  });
}
