// @mentions written in a document's rich text tell the mentioned accounts (issue 15, item 3), on each database.
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import type { Actor } from '../../app/models/types';

describeEachBackend('@mentions in rich text', (db) => {
  let app: TestApp;
  let author: Actor;
  let editor: Actor;
  let other: Actor;
  let viewer: Actor;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    app = await createTestApp(db());
    const tag = Math.random().toString(36).slice(2, 8);
    author = await createTestActor(db(), 'editor', { name: 'Rae Author', email: `rae-${tag}@example.test` });
    editor = await createTestActor(db(), 'editor', { name: 'Eli Editor', email: `eli-${tag}@example.test` });
    other = await createTestActor(db(), 'editor', { name: 'Oda Other', email: `oda-${tag}@example.test` });
    viewer = await createTestActor(db(), 'viewer', { name: 'Val Viewer', email: `val-${tag}@example.test` });
    for (const a of [author, editor, other, viewer]) tokens.set(a.id, await app.token(a));
  });

  const call = (who: Actor, path: string, init: { method?: string; body?: unknown } = {}) =>
    app.fetch(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${tokens.get(who.id)}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  async function mentionsOf(who: Actor, documentId: string) {
    const inbox = await (await call(who, '/notifications')).json();
    return inbox.items.filter((n: { kind: string; documentId: string }) => n.kind === 'mention' && n.documentId === documentId);
  }

  it('tells a newly mentioned reader once, not again on later saves, and never the writer or a viewer of a draft', async () => {
    let res = await call(author, '/documents', {
      method: 'POST',
      body: rcaInput({
        title: 'Search outage',
        fields: { rootCause: `A bad index build. @${editor.email} can you confirm? @${author.email}` },
      }),
    });
    expect(res.status).toBe(201);
    let doc = await res.json();
    let told = await mentionsOf(editor, doc.id);
    expect(told).toHaveLength(1);
    expect(told[0].summary).toContain('Rae Author mentioned you in “Root cause” of “Search outage”');
    expect(told[0].summary).toContain(`@${editor.email} can you confirm?`);
    expect(await mentionsOf(author, doc.id)).toHaveLength(0);

    // Same mention kept, a new one added (by the local part), and a viewer who may not read the draft.
    const local = other.email.split('@')[0];
    res = await call(author, `/documents/${doc.id}`, {
      method: 'PATCH',
      body: {
        version: doc.version,
        fields: { rootCause: `A bad index build. @${editor.email} can you confirm? Also @${local} and @${viewer.email}.` },
      },
    });
    expect(res.status).toBe(200);
    doc = await res.json();
    told = await mentionsOf(editor, doc.id);
    expect(told).toHaveLength(1);
    expect(await mentionsOf(other, doc.id)).toHaveLength(1);
    expect(await mentionsOf(viewer, doc.id)).toHaveLength(0);

    // A save that changes another field tells nobody again.
    res = await call(author, `/documents/${doc.id}`, {
      method: 'PATCH',
      body: { version: doc.version, fields: { symptoms: 'Search was empty.' } },
    });
    expect(res.status).toBe(200);
    expect(await mentionsOf(editor, doc.id)).toHaveLength(1);
    expect(await mentionsOf(other, doc.id)).toHaveLength(1);
  });

  it('reads mentions in rich-text JSON as well as Markdown', async () => {
    const res = await call(author, '/documents', { method: 'POST', body: rcaInput({ title: 'Cache stampede' }) });
    const doc = await res.json();
    const json = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: `Please review, @${other.email}` }] }],
    };
    const saved = await call(editor, `/documents/${doc.id}`, {
      method: 'PATCH',
      body: { version: doc.version, fields: { whatHappened: json } },
    });
    expect(saved.status).toBe(200);
    const told = await mentionsOf(other, doc.id);
    expect(told).toHaveLength(1);
    expect(told[0].summary).toContain('Eli Editor mentioned you in “What happened” of “Cache stampede”');
  });
});
