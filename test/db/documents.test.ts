import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, getDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { listRevisions } from '../../app/models/revision.server';
import { createCustomTemplate } from '../../app/models/template.server';
import { blamelessRca } from '../../templates/blameless-rca';
import { listDocuments, DocumentFilterSchema } from '../../app/models/document-list.server';
import { HttpError } from '../../app/lib/errors.server';
import type { Actor } from '../../app/models/types';

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describeEachBackend('documents', (db) => {
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor', { name: 'Rita Reviewer' });
    viewer = await createTestActor(db(), 'viewer');
  });

  it('creates an RCA with converted times, sorted timeline, computed facts and action items', async () => {
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ fields: { startedAt: '2016-06-15 10:04 PM CDT', endedAt: '2016-06-16T22:44:00Z' } }),
    });
    expect(doc.version).toBe(1);
    expect(doc.status).toBe('draft');
    expect(doc.fields.startedAt).toBe('2016-06-16T03:04:00Z');
    expect((doc.fields.timeline as { text: string }[]).map((e) => e.text)).toEqual([
      'Consumers stop acknowledging messages',
      'Backlog alert fires',
    ]);
    expect(doc.computed.impactMinutes).toBe(19 * 60 + 40);
    expect(doc.actionItems).toHaveLength(1);
    expect(doc.actionItems[0]).toMatchObject({
      title: 'Add a dead-letter queue',
      kind: 'prevent',
      status: 'open',
      dueDate: '2016-07-01',
      version: 1,
    });
    expect(doc.fields.symptoms).toMatchObject({ type: 'doc' });
  });

  it('answers 400 with the field path for bad values and unknown fields, and stores nothing', async () => {
    const e = await failure(
      createDocument(db(), { actor: editor, input: rcaInput({ fields: { startedAt: '2016-06-15 22:04', bogus: 1 } }) }),
    );
    expect(e.status).toBe(400);
    const paths = e.issues!.map((i) => i.path.join('.'));
    expect(paths).toContain('fields.startedAt');
    expect(paths).toContain('fields.bogus');
    expect(e.issues!.find((i) => i.path[1] === 'startedAt')!.message).toMatch(/zone/i);
    const e2 = await failure(createDocument(db(), { actor: editor, input: { template: 'no-such-template', title: 'x' } }));
    expect(e2.status).toBe(400);
    expect(e2.issues![0].path).toEqual(['template']);
  });

  it('refuses viewers and hides drafts from them', async () => {
    expect((await failure(createDocument(db(), { actor: viewer, input: rcaInput() }))).status).toBe(403);
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Hidden draft' }) });
    expect((await failure(getDocument(db(), { actor: viewer, id: doc.id }))).status).toBe(404);
    const list = await listDocuments(db(), { actor: viewer, filter: DocumentFilterSchema.parse({}) });
    expect(list.items.find((d) => d.id === doc.id)).toBeUndefined();
  });

  it('bumps the version on every save, records revisions, and refuses a stale save with 409 and the newer state', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Versioned' }) });
    const v2 = await updateDocument(db(), {
      actor: editor,
      id: doc.id,
      input: { version: 1, title: 'Versioned (edited)', fields: { environment: 'staging' } },
    });
    expect(v2.version).toBe(2);
    expect(v2.fields.environment).toBe('staging');
    expect(v2.fields.affected).toBe('Outgoing email');
    const stale = await failure(updateDocument(db(), { actor: editor, id: doc.id, input: { version: 1, title: 'Lost update' } }));
    expect(stale.status).toBe(409);
    expect(stale.code).toBe('conflict');
    expect((stale.data as { version: number; title: string }).version).toBe(2);
    expect((await getDocument(db(), { actor: editor, id: doc.id })).title).toBe('Versioned (edited)');
    const revisions = await listRevisions(db(), { actor: editor, documentId: doc.id });
    expect(revisions.map((r) => r.version)).toEqual([1, 2]);
    expect(revisions[1].changed).toEqual(['title', 'fields.environment']);
  });

  it('two concurrent saves at the same version: exactly one wins', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Race' }) });
    const results = await Promise.allSettled([
      updateDocument(db(), { actor: editor, id: doc.id, input: { version: 1, title: 'A' } }),
      updateDocument(db(), { actor: editor, id: doc.id, input: { version: 1, title: 'B' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as HttpError).status).toBe(409);
    expect((await listRevisions(db(), { actor: editor, documentId: doc.id })).map((r) => r.version)).toEqual([1, 2]);
  });

  it('runs strict checks before review and lists every problem at once', async () => {
    const doc = await createDocument(db(), {
      actor: editor,
      input: { template: 'blameless-rca', title: 'Incomplete', fields: { startedAt: '2016-06-15T22:04Z', endedAt: '2016-06-15T21:00Z' } },
    });
    const e = await failure(transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } }));
    expect(e.status).toBe(422);
    expect(e.issues!.map((i) => i.path.join('.')).sort()).toEqual(
      ['fields.endedAt', 'fields.nextSteps', 'fields.rootCause', 'fields.symptoms', 'fields.timeline', 'fields.whatHappened'].sort(),
    );
  });

  it('publishes a complete RCA, makes it read-only, and reopens it', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Complete' }) });
    const review = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: 1 } });
    const pub = await transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: review.version } });
    expect(pub.status).toBe('published');
    expect(pub.publishedAt).toMatch(/Z$/);
    expect((await getDocument(db(), { actor: viewer, id: doc.id })).title).toBe('Complete');
    const ro = await failure(updateDocument(db(), { actor: editor, id: doc.id, input: { version: pub.version, title: 'nope' } }));
    expect(ro.status).toBe(409);
    expect(ro.code).toBe('read_only');
    const reopened = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'draft', version: pub.version } });
    expect(reopened.status).toBe('draft');
    const bad = await failure(
      transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'published', version: reopened.version } }),
    );
    expect(bad.status).toBe(409);
  });

  it('publishing needs a reviewer other than the author, recorded with who and when', async () => {
    const admin = await createTestActor(db(), 'admin', { name: 'Ada Admin' });
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Needs review' }) });
    const review = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    const own = await failure(transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'published', version: review.version } }));
    expect(own).toMatchObject({ status: 403, code: 'needs_reviewer' });
    expect(own.message).toMatch(/someone else publishes it/);
    expect(own.issues).toEqual([{ path: ['to'], message: 'publishing needs a reviewer other than the author' }]);
    expect((await getDocument(db(), { actor: editor, id: doc.id })).status).toBe('in_review');
    expect(
      (await failure(transitionDocument(db(), { actor: viewer, id: doc.id, input: { to: 'published', version: review.version } }))).status,
    ).toBe(403);
    const pub = await transitionDocument(db(), { actor: admin, id: doc.id, input: { to: 'published', version: review.version } });
    expect(pub).toMatchObject({ status: 'published', publishedBy: 'Ada Admin' });
    const revs = await listRevisions(db(), { actor: editor, documentId: doc.id });
    expect(revs.at(-1)).toMatchObject({ event: 'transition', note: 'in_review → published', by: 'Ada Admin' });
    expect(pub.publishedAt).toMatch(/Z$/);
  });

  it('a template with selfPublish lets the author publish (teams of one); built-ins do not set it', async () => {
    expect('selfPublish' in blamelessRca).toBe(false);
    await createCustomTemplate(db(), {
      definition: { ...blamelessRca, key: 'solo-rca', title: 'Solo RCA', selfPublish: true },
      createdBy: editor.id,
    });
    const doc = await createDocument(db(), { actor: editor, input: { ...rcaInput({ title: 'Solo' }), template: 'solo-rca' } });
    const review = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    const pub = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'published', version: review.version } });
    expect(pub).toMatchObject({ status: 'published', publishedBy: 'Test editor' });
  });

  it('finds documents by full-text search with a snippet', async () => {
    await createDocument(db(), {
      actor: editor,
      input: rcaInput({ title: 'Kafka partition rebalancing storm', fields: { rootCause: 'The consumer group kept rebalancing.' } }),
    });
    const r = await listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ q: 'rebalancing' }) });
    expect(r.items[0].title).toBe('Kafka partition rebalancing storm');
    expect(r.items[0].rank).toBeGreaterThan(0);
    expect(r.items[0].snippet).toMatch(/rebalancing/);
  });

  it('stores injection-shaped and unicode text byte for byte', async () => {
    const nasty = "Robert'); DROP TABLE documents;-- \u202e\u0000x ☃ 𝄞 <script>alert(1)</script> **md** ' OR 1=1 --";
    const clean = nasty.replace('\u0000', '');
    const doc = await createDocument(db(), { actor: editor, input: rcaInput({ title: clean, fields: { environment: clean } }) });
    const back = await getDocument(db(), { actor: editor, id: doc.id });
    expect(back.title).toBe(clean.trim());
    expect(back.fields.environment).toBe(clean.trim());
  });

  it('pages through the list with a cursor', async () => {
    for (let i = 0; i < 5; i++) await createDocument(db(), { actor: editor, input: rcaInput({ title: `Paged ${i}`, service: 'paging' }) });
    const first = await listDocuments(db(), { actor: editor, filter: DocumentFilterSchema.parse({ service: 'paging', limit: '2' }) });
    expect(first.items).toHaveLength(2);
    const second = await listDocuments(db(), {
      actor: editor,
      filter: DocumentFilterSchema.parse({ service: 'paging', limit: '2', cursor: first.nextCursor }),
    });
    const third = await listDocuments(db(), {
      actor: editor,
      filter: DocumentFilterSchema.parse({ service: 'paging', limit: '2', cursor: second.nextCursor }),
    });
    expect(third.nextCursor).toBeNull();
    const titles = [...first.items, ...second.items, ...third.items].map((d) => d.title);
    expect(new Set(titles).size).toBe(5);
  });
});
