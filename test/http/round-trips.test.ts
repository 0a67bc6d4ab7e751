import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { openTestDatabase, testBackends } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createDocument, updateDocument } from '../../app/models/document.server';
import type { OpenDatabase } from '../../db/client';
import type { Actor } from '../../app/models/types';

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : null;
};

/** What a browser without JavaScript posts from the edit form in this HTML, with `edit` applied. */
function formOf(html: string, edit: Record<string, string>): URLSearchParams {
  const start = html.lastIndexOf('<form', html.indexOf('name="version"'));
  const form = html.slice(start, html.indexOf('</form>', start));
  const body = new URLSearchParams();
  for (const m of form.matchAll(/<input\b[^>]*>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>|<select\b[^>]*>([\s\S]*?)<\/select>/g)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    if (!name || name in edit) continue;
    if (tag.startsWith('<input')) {
      const type = attr(tag, 'type') ?? 'text';
      if (type === 'submit' || ((type === 'checkbox' || type === 'radio') && !/\schecked=""/.test(tag))) continue;
      body.append(name, attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''));
    } else if (tag.startsWith('<textarea')) body.append(name, decode(m[1]).replace(/^\n/, ''));
    else {
      const options = [...m[2].matchAll(/(<option\b[^>]*>)([^<]*)<\/option>/g)];
      const sel = options.find((o) => /\sselected=""/.test(o[1])) ?? options[0];
      body.append(name, sel ? (attr(sel[1], 'value') ?? decode(sel[2])) : '');
    }
  }
  for (const [k, v] of Object.entries(edit)) body.set(k, v);
  body.set('intent', 'save');
  return body;
}

/**
 * Round trips to the database for the pages that used to make many: every statement drizzle sends
 * is counted through the database handle's query hook (db/client.ts `onQuery`), signing in included.
 */
for (const backend of testBackends()) {
  describe(`statements per request [${backend}]`, () => {
    let opened: OpenDatabase;
    let statements: string[] | null = null;
    let app: TestApp;
    let ada: Actor;
    let grace: Actor;
    let adaCookie: string;

    beforeAll(async () => {
      opened = await openTestDatabase(backend, { onQuery: (q) => statements?.push(q) });
      app = await createTestApp(opened.db);
      ada = await createTestActor(opened.db, 'editor', { name: 'Ada' });
      grace = await createTestActor(opened.db, 'editor', { name: 'Grace' });
      adaCookie = await app.signIn(ada);
    });
    afterAll(async () => {
      await opened?.close();
    });

    const count = async <T>(what: string, fn: () => Promise<T>): Promise<{ result: T; n: number; list: string[] }> => {
      const list: string[] = (statements = []);
      try {
        const result = await fn();
        const n = list.length;
        console.log(`[${backend}] ${what}: ${n} statements\n  ${statements.map((s) => s.slice(0, 140)).join('\n  ')}`);
        return { result, n, list };
      } finally {
        statements = null;
      }
    };

    it('the history page with a diff', async () => {
      const doc = await createDocument(opened.db, { actor: grace, input: rcaInput() });
      await updateDocument(opened.db, { actor: grace, id: doc.id, input: { version: 1, fields: { rootCause: 'Unbounded retries.' } } });
      // A template version is read once per database handle and then kept (template.server): warm it first.
      expect((await app.fetch(`/docs/${doc.id}/history?from=1&to=2`, { headers: { Cookie: adaCookie } })).status).toBe(200);
      const { result: res, n } = await count('history with diff', () =>
        app.fetch(`/docs/${doc.id}/history?from=1&to=2`, { headers: { Cookie: adaCookie } }),
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Unbounded retries.');
      expect(n).toBeLessThanOrEqual(5);
    });

    it('an edit save', async () => {
      const doc = await createDocument(opened.db, { actor: grace, input: rcaInput() });
      const page = await app.fetch(`/docs/${doc.id}/edit`, { headers: { Cookie: adaCookie } });
      const body = formOf((await page.text()).replace(/<!-- -->/g, ''), { 'f.rootCause': 'Unbounded retries.' });
      const {
        result: res,
        n,
        list,
      } = await count('edit save', () =>
        app.fetch(`/docs/${doc.id}/edit`, {
          method: 'POST',
          headers: { Cookie: adaCookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        }),
      );
      expect(res.status).toBe(302);
      const after = await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: adaCookie } });
      expect(await after.text()).toContain('Unbounded retries.');
      // Session 1, the read the merge starts from 1, then one transaction: lock, update, revision with its audit event (18 before).
      const writes = list.filter((q) => /^(insert|update|delete|with)/.test(q));
      expect(writes.map((q) => q.split(' ').slice(0, 3).join(' '))).toEqual(['update "documents" set', 'with "revision" as']);
      expect(writes[1]).toMatch(/insert into "document_revisions".*insert into "audit_events"/s);
      expect(n).toBeLessThanOrEqual(5);
    });

    it('a document page reads the document and the accounts once, and the session with its unread count', async () => {
      const doc = await createDocument(opened.db, { actor: grace, input: rcaInput() });
      expect((await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: adaCookie } })).status).toBe(200);
      const {
        result: res,
        n,
        list,
      } = await count('document page (draft, editor)', () => app.fetch(`/docs/${doc.id}`, { headers: { Cookie: adaCookie } }));
      expect(res.status).toBe(200);
      // The editor sees both pickers (action owners, whom to ask for a review), served by one read of the accounts.
      const html = await res.text();
      expect(html).toContain('name="owner"');
      expect(html).toContain('name="account"');
      // A statement's main table: the first one named after its select list (`select "t"."c", …` or `… from "t" where`).
      const reads = (table: string) =>
        list.filter((q) => q.startsWith(`select "${table}"."id"`) || new RegExp(`^select "[^(]*? from "${table}" where`).test(q));
      expect(reads('documents')).toHaveLength(1);
      expect(reads('users')).toHaveLength(1);
      expect(list.filter((q) => /"notifications"/.test(q))).toHaveLength(1); // inside the session's statement
      expect(list.filter((q) => /document_reads/.test(q))).toHaveLength(1); // the read and the count together
      // 14 before: the document twice, the accounts twice, the unread count and the read count on their own.
      expect(n).toBeLessThanOrEqual(10);
    });

    it('a digest of N documents does not grow with N', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++)
        ids.push((await createDocument(opened.db, { actor: grace, input: rcaInput({ title: `Digest ${i}` }) })).id);
      const one = await count('digest of 1', () => app.fetch(`/docs/digest.pdf?ids=${ids[0]}`, { headers: { Cookie: adaCookie } }));
      expect(one.result.status).toBe(200);
      const four = await count('digest of 4', () => app.fetch(`/docs/digest.pdf?ids=${ids.join(',')}`, { headers: { Cookie: adaCookie } }));
      expect(four.result.status).toBe(200);
      expect(four.n).toBe(one.n);
      expect(four.n).toBeLessThanOrEqual(5);
    }, 180_000);
  });
}
