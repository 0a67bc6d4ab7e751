// Review comments and the inbox, through the JSON API and the pages, on each database.
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { mentionHandles } from '../../app/models/comment.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('review comments, mentions and the inbox', (db) => {
  let app: TestApp;
  let author: Actor;
  let editor: Actor;
  let viewer: Actor;
  let admin: Actor;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    app = await createTestApp(db());
    const tag = Math.random().toString(36).slice(2, 8);
    author = await createTestActor(db(), 'editor', { name: 'Sam Author', email: `sam-${tag}@example.test` });
    editor = await createTestActor(db(), 'editor', { name: 'Ada Editor', email: `ada-${tag}@example.test` });
    viewer = await createTestActor(db(), 'viewer', { name: 'Vic Viewer', email: `vic-${tag}@example.test` });
    admin = await createTestActor(db(), 'admin', { name: 'Root Admin' });
    for (const a of [author, editor, viewer, admin]) tokens.set(a.id, await app.token(a));
  });

  const call = (who: Actor, path: string, init: { method?: string; body?: unknown } = {}) =>
    app.fetch(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${tokens.get(who.id)}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  async function draft(title = 'Checkout latency') {
    return createDocument(db(), {
      actor: author,
      input: rcaInput({ title, fields: { rootCause: 'The retry budget was unbounded, so retries piled up.' } }),
    });
  }

  it('finds @handles in text, not e-mail addresses written without @ in front', () => {
    expect(mentionHandles('@ada please look, cc @bob@example.com. mail x@y.com')).toEqual(['ada', 'bob@example.com']);
    expect(mentionHandles('no mentions here')).toEqual([]);
  });

  it('comments on a passage, replies, mentions an account and tells the author, the mentioned and the thread', async () => {
    const doc = await draft();
    const local = editor.email.split('@')[0];
    let res = await call(editor, `/documents/${doc.id}/comments`, {
      method: 'POST',
      body: { fieldKey: 'rootCause', quote: 'retry budget was unbounded', body: `Is this the whole cause? @${local} and @nobody-here` },
    });
    // The editor mentions themself: nobody is told about their own comment.
    expect(res.status).toBe(201);
    const root = await res.json();
    expect(root.mentions).toEqual([]);
    res = await call(author, `/documents/${doc.id}/comments`, {
      method: 'POST',
      body: { parentId: root.id, body: `@${editor.email} also the queue depth` },
    });
    expect(res.status).toBe(201);
    const reply = await res.json();
    expect(reply.mentions).toEqual([editor.email.toLowerCase()]);

    const list = await (await call(viewer, `/documents/${doc.id}/comments`)).json().catch(() => null);
    // A viewer cannot read a draft, nor its comments.
    expect(list?.error?.code ?? null).toBe('not_found');
    const threads = await (await call(author, `/documents/${doc.id}/comments`)).json();
    expect(threads.items).toHaveLength(1);
    expect(threads.items[0]).toMatchObject({
      anchor: 'passage',
      sectionLabel: 'Root cause',
      quote: 'retry budget was unbounded',
      version: 1,
    });
    expect(threads.items[0].replies.map((r: { id: string }) => r.id)).toEqual([reply.id]);

    const authorInbox = await (await call(author, '/notifications')).json();
    expect(authorInbox.items.map((n: { kind: string }) => n.kind)).toContain('comment');
    const editorInbox = await (await call(editor, '/notifications')).json();
    // Mentioned in the reply (a mention is told once, not also as "reply").
    expect(editorInbox.items.filter((n: { documentId: string }) => n.documentId === doc.id).map((n: { kind: string }) => n.kind)).toEqual([
      'mention',
    ]);
    expect(editorInbox.unread).toBeGreaterThan(0);
    const marked = await (await call(editor, '/notifications', { method: 'POST', body: { all: true } })).json();
    expect(marked.marked).toBeGreaterThan(0);
    expect((await (await call(editor, '/notifications')).json()).unread).toBe(0);
    // The author's notices are still unread: marking is per person.
    expect((await (await call(author, '/notifications')).json()).unread).toBeGreaterThan(0);
  });

  it('keeps a passage anchored through edits that keep it, and says so when an edit removes it', async () => {
    const doc = await draft('Anchors');
    const created = await (
      await call(editor, `/documents/${doc.id}/comments`, {
        method: 'POST',
        body: { fieldKey: 'rootCause', quote: 'retries piled up', body: 'How many?' },
      })
    ).json();
    const edited = await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: doc.version, fields: { rootCause: 'Before the change: the retry budget was unbounded, so retries piled up.' } },
    });
    let t = (await (await call(editor, `/documents/${doc.id}/comments`)).json()).items[0];
    expect(t).toMatchObject({ id: created.id, anchor: 'passage' });
    await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: edited.version, fields: { rootCause: 'A bounded budget now.' } },
    });
    t = (await (await call(editor, `/documents/${doc.id}/comments`)).json()).items[0];
    expect(t).toMatchObject({ id: created.id, anchor: 'changed', quote: 'retries piled up' });
  });

  it('refuses bad comments with the field that is wrong', async () => {
    const doc = await draft('Refusals');
    const cases: [unknown, string][] = [
      [{ body: '' }, 'body'],
      [{ body: 'x', fieldKey: 'noSuchField' }, 'fieldKey'],
      [{ body: 'x', fieldKey: 'rootCause', quote: 'words that are not there' }, 'quote'],
      [{ body: 'x', quote: 'retry budget' }, 'fieldKey'],
      [{ body: 'x', parentId: 'not-a-thread' }, 'parentId'],
      [{ body: 'a\u0000b' }, 'body'],
      [{ body: 'x', extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await call(editor, `/documents/${doc.id}/comments`, { method: 'POST', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()).error;
      if (field)
        expect(
          err.issues.map((i: { path: string[] }) => i.path.join('.')),
          JSON.stringify(body),
        ).toContain(field);
    }
    const res = await app.fetch(`/api/v1/documents/${doc.id}/comments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.get(editor.id)}`, 'Content-Type': 'application/json' },
      body: '{"body": ',
    });
    expect(res.status).toBe(400);
  });

  it('lets viewers comment on published documents only when an admin allows it', async () => {
    const doc = await draft('Viewer comments');
    await transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } });
    const reviewed = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'published', version: doc.version + 1 } });
    expect(reviewed.status).toBe('published');
    let res = await call(viewer, `/documents/${doc.id}/comments`, { method: 'POST', body: { body: 'Great write-up' } });
    expect(res.status).toBe(403);
    expect((await (await call(viewer, `/documents/${doc.id}/comments`)).json()).mayComment).toBe(false);
    // The admin turns it on through the admin page's form.
    const cookie = await app.signIn(admin);
    const csrf = await app.csrf(cookie);
    const form = await app.fetch('/admin', {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, intent: 'viewer-comments', allowed: 'true' }),
    });
    expect(form.status).toBe(200);
    res = await call(viewer, `/documents/${doc.id}/comments`, { method: 'POST', body: { body: 'Great write-up' } });
    expect(res.status).toBe(201);
    const thread = await res.json();
    // A viewer resolves their own thread; a stale version is a conflict, and the retry with the current one works.
    res = await call(viewer, `/comments/${thread.id}`, { method: 'PATCH', body: { resolved: true, version: 1 } });
    expect(res.status).toBe(200);
    expect((await res.json()).resolvedBy).toBe('Vic Viewer');
    res = await call(editor, `/comments/${thread.id}`, { method: 'PATCH', body: { resolved: false, version: 1 } });
    expect(res.status).toBe(409);
    res = await call(editor, `/comments/${thread.id}`, { method: 'PATCH', body: { resolved: false, version: 2 } });
    expect(res.status).toBe(200);
    expect((await res.json()).resolvedAt).toBeNull();
    // Turn it off again for the other tests (and check that it is off).
    await app.fetch('/admin', {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, intent: 'viewer-comments', allowed: 'false' }),
    });
    expect((await call(viewer, `/documents/${doc.id}/comments`, { method: 'POST', body: { body: 'again' } })).status).toBe(403);
  });

  it('suggests only accounts that may read the document', async () => {
    const doc = await draft('Suggestions');
    const cookie = await app.signIn(editor);
    const get = async (q: string) =>
      (await (await app.fetch(`/docs/${doc.id}/mentions?q=${encodeURIComponent(q)}`, { headers: { Cookie: cookie } })).json()).items as {
        handle: string;
      }[];
    const handles = (await get(viewer.email.slice(0, 6))).map((s) => s.handle);
    // The draft is not readable by viewers, so the viewer is not suggested.
    expect(handles).not.toContain(viewer.email.toLowerCase());
    expect((await get(editor.email.slice(0, 6))).map((s) => s.handle)).toContain(editor.email.toLowerCase());
  });

  it('comments through the read view without JavaScript: errors keep the text, success lands on the thread; text stays text', async () => {
    const doc = await draft('Form comments');
    const cookie = await app.signIn(editor);
    const csrf = await app.csrf(cookie);
    const post = (body: Record<string, string>) =>
      app.fetch(`/docs/${doc.id}/comments`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, intent: 'comment', from: 'document', ...body }),
      });
    let res = await post({ fieldKey: 'rootCause', quote: 'not in the text', body: 'keep <b>this</b> text' });
    expect(res.status).toBe(400);
    let html = await res.text();
    expect(html).toContain('quote text that is in the section');
    expect(html).toContain('keep &lt;b&gt;this&lt;/b&gt; text');
    res = await post({ fieldKey: 'rootCause', quote: '', body: '<script>alert(1)</script> look here' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/docs/${doc.id}#thread-`));
    html = await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: cookie } })).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; look here');
    expect(html).not.toContain('<script>alert(1)</script>');
    // The inbox page of the author lists it and marks it read.
    const authorCookie = await app.signIn(author);
    const inbox = await (await app.fetch('/inbox', { headers: { Cookie: authorCookie } })).text();
    expect(inbox).toContain('commented on your “Form comments”');
    expect(inbox).toMatch(/Inbox.*unread/);
  });
});
