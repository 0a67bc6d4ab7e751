/**
 * What page views keep between and within requests must never show a stale or someone else's answer:
 * the blameless findings kept per document version (models/document-derived.server.ts) and the one
 * session lookup per GET request (lib/auth.server.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppLoadContext } from '@remix-run/node';
import { describeEachBackend, openTestDatabase, testBackends } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { getSession } from '../../app/lib/auth.server';
import type { OpenDatabase } from '../../db/client';
import { notifications, sessions } from '../../db/schema';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../app/models/types';

const text = (html: string) => html.replace(/<!-- -->/g, '');

describeEachBackend('page caches: blameless findings per document version', (db) => {
  let app: TestApp;
  let author: Actor;
  let other: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  const cookies: Record<string, string> = {};
  const page = async (path: string, who: string) => {
    const res = await app.fetch(path, { headers: { Cookie: cookies[who] } });
    return { status: res.status, html: text(await res.text()) };
  };

  beforeAll(async () => {
    app = await createTestApp(db());
    author = await createTestActor(db(), 'editor', { name: 'Ada Author' });
    other = await createTestActor(db(), 'editor', { name: 'Otto Other' });
    reviewer = await createTestActor(db(), 'editor', { name: 'Rita Reviewer' });
    viewer = await createTestActor(db(), 'viewer', { name: 'Vic Viewer' });
    for (const [who, actor] of Object.entries({ author, other, reviewer, viewer })) cookies[who] = await app.signIn(actor);
  });

  it('an edit shows the new text and the findings of the new version, not the cached ones', async () => {
    const doc = await createDocument(db(), {
      actor: author,
      input: rcaInput({ fields: { rootCause: 'Human error by the operator on duty.' } }),
    });
    const first = await page(`/docs/${doc.id}`, 'author');
    expect(first.status).toBe(200);
    expect(first.html).toContain('Wording to review');
    expect(first.html).toContain('“Human error”');
    // Seen again (from the cache): the same answer.
    expect((await page(`/docs/${doc.id}`, 'author')).html).toContain('“Human error”');

    await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: doc.version, fields: { rootCause: 'The failover runbook had no step for the connection pooler.' } },
    });
    const edited = await page(`/docs/${doc.id}`, 'author');
    expect(edited.html).toContain('The failover runbook had no step for the connection pooler.');
    expect(edited.html).not.toContain('Human error');
    expect(edited.html).not.toContain('Wording to review');

    // And back to blaming wording: found again, with the newest text.
    await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: doc.version + 1, fields: { rootCause: 'The operator was careless with the pooler.' } },
    });
    const again = await page(`/docs/${doc.id}`, 'author');
    expect(again.html).toContain('The operator was careless with the pooler.');
    expect(again.html).toMatch(/“careless”/i);
  });

  it('another editor sees the same findings under their own name; a viewer never sees the draft, and after publishing sees no advice', async () => {
    const doc = await createDocument(db(), {
      actor: author,
      input: rcaInput({ title: 'Cache warmed by the author', fields: { whatHappened: 'Someone should have checked the queue.' } }),
    });
    const mine = await page(`/docs/${doc.id}`, 'author');
    expect(mine.html).toContain('“should have checked”');
    expect(mine.html).toContain('Ada Author');

    const theirs = await page(`/docs/${doc.id}`, 'other');
    expect(theirs.status).toBe(200);
    expect(theirs.html).toContain('“should have checked”');
    expect(theirs.html).toContain('Otto Other');
    expect(theirs.html).not.toContain('Ada Author · editor');

    // The draft (and its cached findings) stays out of a viewer's reach.
    const denied = await page(`/docs/${doc.id}`, 'viewer');
    expect(denied.status).toBe(404);
    expect(denied.html).not.toContain('Cache warmed by the author');
    expect(denied.html).not.toContain('should have checked');

    const submitted = await transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } });
    await transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: submitted.version } });
    const published = await page(`/docs/${doc.id}`, 'viewer');
    expect(published.status).toBe(200);
    expect(published.html).toContain('Someone should have checked the queue.');
    expect(published.html).not.toContain('Wording to review');
    expect(published.html).toContain('Vic Viewer');
  });
});

for (const backend of testBackends()) {
  describe(`page caches: one session lookup per GET request [${backend}]`, () => {
    let opened: OpenDatabase;
    let statements: string[] = [];
    let app: TestApp;
    let ada: Actor;
    let grace: Actor;
    const contextOf = (): AppLoadContext => ({
      db: opened.db,
      config: { sessionSecret: 'test-secret-test-secret', databaseKind: 'pglite' },
      cspNonce: 'n',
    });
    const get = (cookie: string) => new Request(`${ORIGIN}/docs`, { headers: { Cookie: cookie } });

    beforeAll(async () => {
      opened = await openTestDatabase(backend, { onQuery: (q) => statements.push(q) });
      app = await createTestApp(opened.db);
      ada = await createTestActor(opened.db, 'editor', { name: 'Ada' });
      grace = await createTestActor(opened.db, 'viewer', { name: 'Grace' });
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('a page asks the database for its session once, though the root and the route loader both need it', async () => {
      const cookie = await app.signIn(ada);
      statements = [];
      const res = await app.fetch('/docs', { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      expect(text(await res.text())).toContain('Ada · editor');
      expect(statements.filter((q) => q.includes('from "sessions"'))).toHaveLength(1);
    });

    it('within one load context, another cookie is another person; a form post and a new request read the session afresh', async () => {
      const adaCookie = await app.signIn(ada);
      const graceCookie = await app.signIn(grace);
      const context = contextOf();
      expect((await getSession(get(adaCookie), context))?.actor.name).toBe('Ada');
      expect((await getSession(get(graceCookie), context))?.actor.name).toBe('Grace');
      expect((await getSession(get(adaCookie), context))?.actor.name).toBe('Ada');

      // Sign Ada out; a post in that same context (its action runs before the loaders) sees the session gone.
      const csrf = await app.csrf(adaCookie);
      const out = await app.fetch('/logout', {
        method: 'POST',
        headers: { Cookie: adaCookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf }),
      });
      expect(out.status).toBe(302);
      expect(await getSession(new Request(`${ORIGIN}/docs`, { method: 'POST', headers: { Cookie: adaCookie } }), context)).toBeNull();
      expect(await getSession(get(adaCookie), contextOf())).toBeNull();
      const page = await app.fetch('/docs', { headers: { Cookie: adaCookie } });
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toMatch(/^\/login/);
    });

    it('the unread badge comes with the session, is the person’s own and fresh on every request; an expired session signs out', async () => {
      const adaCookie = await app.signIn(ada);
      const graceCookie = await app.signIn(grace);
      const badge = async (cookie: string) => {
        const html = text(await (await app.fetch('/docs', { headers: { Cookie: cookie } })).text());
        return /aria-label="Inbox, ([^"]+) unread"/.exec(html)?.[1] ?? (html.includes('aria-label="Inbox"') ? 'none' : 'signed out');
      };
      const notify = (n: number) =>
        opened.db
          .insert(notifications)
          .values(Array.from({ length: n }, (_, i) => ({ userId: ada.id, kind: 'mention' as const, summary: `n${i}` })));
      expect(await badge(adaCookie)).toBe('none');
      await notify(3);
      expect(await badge(adaCookie)).toBe('3');
      expect(await badge(graceCookie)).toBe('none');
      await notify(120); // counted up to 100
      expect(await badge(adaCookie)).toBe('100 or more');
      await opened.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.userId, ada.id));
      expect(await badge(adaCookie)).toBe('none');
      // The prepared statement compares the expiry with the time of each request, not with the time it was prepared
      // (several requests ago): an expiry a moment ago, after that preparation, signs out.
      await opened.db
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 5) })
        .where(eq(sessions.userId, grace.id));
      expect(await badge(graceCookie)).toBe('signed out');
    });
  });
}
