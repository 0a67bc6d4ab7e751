// Against a real `node server.mjs`: security headers on every response (HSTS over HTTPS), the CSP
// lets the nonce'd Remix scripts hydrate with zero violations, and 30+ XSS payloads stored in
// every text field of every template never run on the read, edit or list pages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openDatabase } from '../../db/client';
import { syncBuiltInTemplates, listTemplates } from '../../app/models/template.server';
import { createApiToken, createUser } from '../../app/models/user.server';
import { launchBrowser, signIn, startServer, type RunningServer } from './helpers';
import { BUILT_IN_TEMPLATES, type Field, type Template } from '../../templates';

const EDITOR = { email: 'xss-editor@example.test', password: 'xss editor password' };

/** Each payload calls window.__xss(n) if it ever runs (alert() as a fallback hook). */
const PAYLOADS = [
  '<script>__xss(1)</script>',
  '<img src=x onerror="__xss(2)">',
  '<svg onload="__xss(3)"></svg>',
  '"><script>__xss(4)</script>',
  "'><img src=x onerror=__xss(5)>",
  '</textarea><script>__xss(6)</script>',
  '</title><script>__xss(7)</script>',
  '<iframe srcdoc="<script>parent.__xss(8)</script>"></iframe>',
  '<a href="javascript:__xss(9)">click</a>',
  '[link](javascript:__xss(10))',
  '![img](x" onerror="__xss(11))',
  '<details open ontoggle="__xss(12)">',
  '<body onload="__xss(13)">',
  '<input autofocus onfocus="__xss(14)">',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss(15)>',
  '<object data="javascript:__xss(16)"></object>',
  '<embed src="javascript:__xss(17)">',
  '<style>@import "javascript:__xss(18)";</style>',
  '<div style="background:url(javascript:__xss(19))">',
  '{{constructor.constructor("__xss(20)")()}}',
  '${__xss(21)}',
  '<scr<script>ipt>__xss(22)</scr</script>ipt>',
  '%3Cscript%3E__xss(23)%3C/script%3E',
  '&lt;script&gt;__xss(24)&lt;/script&gt;',
  '<svg><animate onbegin="__xss(25)" attributeName="x" dur="1s">',
  '<video><source onerror="__xss(26)"></video>',
  '<marquee onstart="__xss(27)">x</marquee>',
  '\u2028</script><script>__xss(28)</script>',
  '<!--<img src="--><img src=x onerror=__xss(29)//">',
  '<base href="javascript:__xss(30)//">',
  '<form action="javascript:__xss(31)"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss(32)">',
  '<img src=x onerror=alert(33)>',
  '"onmouseover="__xss(34)" x="',
  '<noscript><p title="</noscript><img src=x onerror=__xss(35)>">',
];

describe('security headers, CSP and stored XSS in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let token = '';
  let templates: Template[] = [];

  beforeAll(async () => {
    // Prepare the database before the server takes DATA_DIR: an editor with a password and a token.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-sec-'));
    const opened = await openDatabase({ dataDir });
    await syncBuiltInTemplates(opened.db);
    await createUser(opened.db, {
      email: EDITOR.email,
      name: '<b>Editor</b> <script>__xss(99)</script>',
      role: 'editor',
      password: EDITOR.password,
    });
    token = (await createApiToken(opened.db, { email: EDITOR.email, name: 'xss' })).token;
    templates = await listTemplates(opened.db, { latestOnly: true });
    await opened.close();
    // X-Forwarded-Proto counts only from a proxy TRUST_PROXY names (the test plays that proxy).
    server = await startServer({ DATA_DIR: dataDir, SEED_DEMO: 'false', TRUST_PROXY: 'loopback' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends the security headers on pages, API answers, static files and errors; HSTS only over HTTPS', async () => {
    for (const p of ['/login', '/api/v1/templates', '/healthz', '/favicon.ico', '/no-such-page', '/setup']) {
      const res = await fetch(`${server.url}${p}`, { redirect: 'manual' });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, p).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe-inline');
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), p).toBe('DENY');
      expect(res.headers.get('referrer-policy'), p).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security'), p).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    const a = (await fetch(`${server.url}/login`)).headers.get('content-security-policy');
    const b = (await fetch(`${server.url}/login`)).headers.get('content-security-policy');
    expect(a).not.toBe(b); // a fresh nonce per request
    const https = await fetch(`${server.url}/login`, { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    const cross = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=a&password=b',
    });
    expect(cross.status).toBe(403);
  });

  it('hydrates under the CSP with zero violations (sign in, navigate client-side)', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to (CSP) ${e.violatedDirective} ${e.blockedURI}`));
    });
    await signIn(page, server.url, EDITOR);
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    // A client-side navigation only works once React has hydrated.
    await page.getByRole('link', { name: 'Documents' }).click();
    await page.waitForURL(/\/docs$/);
    const hydrated = await page.evaluate(() => performance.getEntriesByType('navigation').length === 1 && location.pathname === '/docs');
    expect(hydrated).toBe(true);
    await page.goto(`${server.url}/docs/new`);
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    await page.close();
  });

  // The stored-XSS matrix: every payload in every text-bearing field of every template, checked on the read, edit and
  // history page of its document and on the list pages. A document carries a group of payloads (one list entry,
  // richtext block or tag per payload; joined in the single-line fields), so the matrix needs ~5x fewer page loads than
  // one document per payload, and each template is its own test.
  const ran: string[] = [];
  let context: BrowserContext;
  let pages: Page[] = [];
  /** Payloads whose Markdown form (a richtext field) is refused on the way in; their documents store tiptap JSON. */
  let refusedMarkdown = new Set<number>();
  const idsByTemplate = new Map<string, string[]>();

  const api = async (p: string, method: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/v1${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const markdown = (s: string) => `${s}\n\n**${s}** [${s}](https://example.com/${encodeURIComponent(s)})`;
  const tiptapBlock = (s: string, link: boolean) => ({
    type: 'paragraph',
    content: [
      { type: 'text', text: s },
      ...(link
        ? [{ type: 'text', text: s, marks: [{ type: 'link', attrs: { href: `https://example.com/?q=${encodeURIComponent(s)}` } }] }]
        : []),
    ],
  });
  /**
   * A field's value carrying every payload of a group. Richtext is Markdown or tiptap JSON text nodes (with a link
   * mark), alternating by field and payload as one-payload documents did (a group's payloads share their parity);
   * `plain` is the JSON form without the link, for payloads whose Markdown is refused.
   */
  const fieldValue = (f: Field, group: number[], fi: number, plain: boolean): unknown => {
    const ss = group.map((pi) => PAYLOADS[pi]);
    switch (f.type) {
      case 'text':
        return ss.join(f.multiline ? '\n' : ' ');
      case 'richtext':
        if (plain) return { type: 'doc', content: ss.map((s) => tiptapBlock(s, false)) };
        return (group[0] + fi) % 2 === 0 ? ss.map(markdown).join('\n\n') : { type: 'doc', content: ss.map((s) => tiptapBlock(s, true)) };
      case 'people':
        return ss.flatMap((s) => [s, `${s} (2)`]);
      case 'links':
        return ss.map((s) => ({ url: 'https://example.com/a', label: s }));
      case 'timeline':
        return ss.map((s) => ({ at: '2016-06-15T22:04:00Z', text: s }));
      case 'checklist':
        return Object.fromEntries(f.items.map((it) => [it.key, { answer: 'no', note: ss.join('\n') }]));
      case 'actions':
        return ss.map((s) => ({ title: s, owner: s, url: 'https://example.com/t' }));
      default:
        return undefined;
    }
  };
  /**
   * Payload indices in groups: one parity per group (so the Markdown/JSON alternation stays per payload), a refused
   * payload alone (its document is all JSON, as before), and the joined group within the 200 characters of `service`.
   */
  const payloadGroups = (): number[][] => {
    const groups: number[][] = [];
    for (const parity of [0, 1]) {
      let g: number[] = [];
      let len = 0;
      for (const [pi, s] of PAYLOADS.entries()) {
        if (pi % 2 !== parity) continue;
        if (refusedMarkdown.has(pi)) {
          groups.push([pi]);
          continue;
        }
        if (g.length && len + 1 + s.length > 190) {
          groups.push(g);
          g = [];
          len = 0;
        }
        g.push(pi);
        len += (len ? 1 : 0) + s.length;
      }
      if (g.length) groups.push(g);
    }
    return groups;
  };
  const visit = async (page: Page, url: string) => {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(50);
    const found = await page.evaluate(() => {
      const bad: string[] = [];
      for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const a of Array.from(el.attributes)) {
          if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
          if (/^(href|src|action|formaction|data|srcdoc)$/i.test(a.name) && /^\s*javascript:/i.test(a.value))
            bad.push(`${el.tagName} ${a.name}=${a.value}`);
        }
        if (/^(IFRAME|OBJECT|EMBED|BASE|MARQUEE)$/.test(el.tagName)) bad.push(el.tagName);
        if (el.tagName === 'SCRIPT' && !(el as HTMLScriptElement).nonce && !(el as HTMLScriptElement).src)
          bad.push('inline SCRIPT without nonce');
      }
      return bad;
    });
    if (found.length) ran.push(`${url}: ${found.slice(0, 3).join(', ')}`);
  };
  /** Visit every URL on the parallel pages, then hand back (and forget) what ran. */
  const visitAll = async (urls: string[]) => {
    let next = 0;
    await Promise.all(
      pages.map(async (p) => {
        while (next < urls.length) await visit(p, `${server.url}${urls[next++]}`);
      }),
    );
    return ran.splice(0);
  };

  it(`refuses javascript: links, and finds which of ${PAYLOADS.length} payloads' Markdown is refused`, async () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(30);
    // A javascript: link is refused on the way in as tiptap JSON; from Markdown it never becomes a link.
    const rca = templates.find((t) => t.key === 'blameless-rca')!;
    const post = (fields: Record<string, unknown>) =>
      fetch(`${server.url}/api/v1/documents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ template: rca.key, title: 'js link', fields }),
      });
    for (const rootCause of [
      {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:__xss(50)' } }] }] },
        ],
      },
      '[x](javascript:__xss(51))',
      '[x](  JaVaScRiPt:__xss(52))',
    ]) {
      const res = await post({ rootCause });
      if (typeof rootCause !== 'string') expect(res.status).toBe(400);
      else if (res.status === 201) expect(JSON.stringify((await res.json()).fields.rootCause)).not.toMatch(/"href":"\s*javascript:/i);
      else expect(res.status).toBe(400);
    }
    // Each payload's Markdown form in a richtext field: stored, or refused for its javascript: link.
    refusedMarkdown = new Set();
    await Promise.all(
      PAYLOADS.map(async (s, pi) => {
        const res = await post({ rootCause: markdown(s) });
        if (res.status === 400 && /Links must use/.test(await res.text())) refusedMarkdown.add(pi);
        else expect(res.status, s).toBe(201);
      }),
    );
    expect(refusedMarkdown.size).toBeLessThan(4);

    context = await browser.newContext({ bypassCSP: true }); // let a payload run if escaping ever fails, so the hook sees it
    await context.exposeFunction('__xss', (n: number) => ran.push(`payload ${n}`));
    const page0 = await context.newPage();
    await signIn(page0, server.url, EDITOR);
    await page0.close();
    pages = await Promise.all([0, 1, 2, 3].map(() => context.newPage()));
    for (const p of pages)
      p.on('dialog', (d) => {
        ran.push(`dialog ${d.message()}`);
        void d.dismiss();
      });
  });

  for (const builtIn of BUILT_IN_TEMPLATES) {
    it(`runs none of ${PAYLOADS.length} payloads stored in every text field of "${builtIn.key}" (read, edit, history pages)`, async () => {
      const t = templates.find((x) => x.key === builtIn.key)!;
      expect(t).toBeDefined();
      const fields = t.sections.flatMap((sec) => sec.fields);
      const ids: string[] = [];
      const stored = new Set<number>();
      for (const group of payloadGroups()) {
        const plain = group.some((pi) => refusedMarkdown.has(pi));
        const values: Record<string, unknown> = {};
        fields.forEach((f, fi) => {
          const v = fieldValue(f, group, fi, plain);
          if (v !== undefined) values[f.key] = v;
        });
        const title = group.map((pi) => PAYLOADS[pi]).join(' ');
        const doc = await api('/documents', 'POST', {
          template: { key: t.key, version: t.version },
          title,
          service: title,
          tags: group.map((pi) => PAYLOADS[pi].slice(0, 50)),
          fields: values,
        });
        ids.push(doc.id);
        group.forEach((pi) => stored.add(pi));
      }
      expect(stored.size).toBe(PAYLOADS.length); // every payload, in every field of this template
      idsByTemplate.set(t.key, ids);
      expect(await visitAll(ids.flatMap((id) => [`/docs/${id}`, `/docs/${id}/edit`, `/docs/${id}/history`]))).toEqual([]);
    });
  }

  it('runs none of them on the list pages; the controls: payloads are on the page as text, and the hook fires on injected markup', async () => {
    const ids = [...idsByTemplate.values()].flat();
    expect(ids.length).toBeGreaterThan(0);
    expect(await visitAll(['/docs', '/docs?q=script', '/', '/actions', '/admin/audit'])).toEqual([]);
    const [p] = pages;
    await p.goto(`${server.url}/docs/${ids[0]}`);
    expect(await p.textContent('main')).toContain(PAYLOADS[0]);
    await p.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="__xss(0)">'));
    await p.waitForFunction(() => document.readyState === 'complete');
    await expect.poll(() => ran, { timeout: 5_000 }).toEqual(['payload 0']);
    await context.close();
  });
});
