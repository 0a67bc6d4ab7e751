import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { documents } from '../../db/schema';
import { createDocument, getDocument, loadDocuments } from '../../app/models/document.server';
import { listDocuments, DocumentFilterSchema } from '../../app/models/document-list.server';
import { ActionItemFilterSchema, countActionItems, listActionItems } from '../../app/models/action-item.server';
import { listLaunchReviews } from '../../app/models/launch-decision.server';
import { getInsights } from '../../app/models/insights.server';
import { getHomeOverview } from '../../app/models/home.server';
import { diffRevisions, getRevision, listRevisions } from '../../app/models/revision.server';
import type { Actor, DocumentStatus, Role } from '../../app/models/types';

const ROLES: Role[] = ['viewer', 'editor', 'admin'];
const STATUSES: DocumentStatus[] = ['draft', 'in_review', 'published', 'archived'];
/** The one rule, written out once here: editors and admins read everything, viewers only what is published. */
const mayRead = (role: Role, status: DocumentStatus) => role !== 'viewer' || status === 'published';

const status = async <T>(p: Promise<T>) =>
  p.then(
    () => 200,
    (e: { status?: number }) => e.status ?? 500,
  );

/**
 * Every read path, for every role and every document status, applies the same access rule: a
 * document the reader may not read is absent from lists and a 404 everywhere else.
 */
describeEachBackend('one access rule: role × document status on every read path', (db) => {
  let app: TestApp;
  const actors = {} as Record<Role, Actor>;
  const cookies = {} as Record<Role, string>;
  const tokens = {} as Record<Role, string>;
  const rca = {} as Record<DocumentStatus, string>;
  const launch = {} as Record<DocumentStatus, string>;
  const recent = new Date(Date.now() - 86_400_000).toISOString().slice(0, 16) + 'Z';

  beforeAll(async () => {
    app = await createTestApp(db());
    for (const role of ROLES) {
      actors[role] = await createTestActor(db(), role);
      cookies[role] = await app.signIn(actors[role]);
      tokens[role] = await app.token(actors[role]);
    }
    for (const s of STATUSES) {
      const doc = await createDocument(db(), {
        actor: actors.editor,
        input: rcaInput({
          title: `Matrix ${s} zebra`,
          fields: { startedAt: recent, endedAt: recent, nextSteps: [{ title: `Step of ${s}`, kind: 'prevent', dueDate: '2020-01-01' }] },
        }),
      });
      const checklist = await createDocument(db(), {
        actor: actors.editor,
        input: {
          template: 'etsy-go-no-go',
          title: `Launch ${s}`,
          fields: { launchAt: '2099-01-01T10:00Z', launchers: ['Ana'], feature: 'X' },
        },
      });
      // The status is the input of this test, set directly (the publication rules have their own tests).
      for (const id of [doc.id, checklist.id])
        await db()
          .update(documents)
          .set({ status: s, publishedAt: s === 'published' ? new Date() : null })
          .where(eq(documents.id, id));
      rca[s] = doc.id;
      launch[s] = checklist.id;
    }
  });

  for (const role of ROLES) {
    it(`${role}: get, revisions, digest, API, Markdown and PDF answer 404 exactly for the documents the rule hides`, async () => {
      const actor = actors[role];
      for (const s of STATUSES) {
        const expected = mayRead(role, s) ? 200 : 404;
        const id = rca[s];
        const got = {
          get: await status(getDocument(db(), { actor, id })),
          getChecklist: await status(getDocument(db(), { actor, id: launch[s] })),
          load: await status(loadDocuments(db(), { actor, ids: [id] })),
          revisions: await status(listRevisions(db(), { actor, documentId: id })),
          revision: await status(getRevision(db(), { actor, documentId: id, version: 1 })),
          diff: await status(diffRevisions(db(), { actor, documentId: id, range: { from: 1, to: 1 } })),
          page: (await app.fetch(`/docs/${id}`, { headers: { Cookie: cookies[role] } })).status,
          history: (await app.fetch(`/docs/${id}/history?from=1&to=1`, { headers: { Cookie: cookies[role] } })).status,
          api: (await app.fetch(`/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${tokens[role]}` } })).status,
          apiRevisions: (await app.fetch(`/api/v1/documents/${id}/revisions`, { headers: { Authorization: `Bearer ${tokens[role]}` } }))
            .status,
          apiActions: (await app.fetch(`/api/v1/documents/${id}/action-items`, { headers: { Authorization: `Bearer ${tokens[role]}` } }))
            .status,
          apiSignoffs: (
            await app.fetch(`/api/v1/documents/${launch[s]}/signoffs`, { headers: { Authorization: `Bearer ${tokens[role]}` } })
          ).status,
          markdown: (await app.fetch(`/docs/${id}.md`, { headers: { Cookie: cookies[role] } })).status,
          apiMarkdown: (await app.fetch(`/api/v1/documents/${id}/markdown`, { headers: { Authorization: `Bearer ${tokens[role]}` } }))
            .status,
        };
        expect(got, `${role} reading a ${s} document`).toEqual(Object.fromEntries(Object.keys(got).map((k) => [k, expected])));
        // Refused before anything is rendered; a readable one is rendered (PDF cache keyed by content, so once per document).
        if (expected === 404) {
          expect((await app.fetch(`/docs/${id}.pdf`, { headers: { Cookie: cookies[role] } })).status).toBe(404);
          expect((await app.fetch(`/docs/digest.pdf?ids=${id}`, { headers: { Cookie: cookies[role] } })).status).toBe(404);
        }
      }
    });

    it(`${role}: list, search, library, actions, launches, home and insights hold exactly the readable documents`, async () => {
      const actor = actors[role];
      const readable = STATUSES.filter((s) => mayRead(role, s));
      const titles = (items: { title: string }[]) => items.map((i) => i.title).sort();
      const all = await listDocuments(db(), { actor, filter: DocumentFilterSchema.parse({ limit: '100' }) });
      expect(titles(all.items)).toEqual([...readable.map((s) => `Launch ${s}`), ...readable.map((s) => `Matrix ${s} zebra`)].sort());
      const search = await listDocuments(db(), { actor, filter: DocumentFilterSchema.parse({ q: 'zebra' }) });
      expect(titles(search.items)).toEqual(readable.map((s) => `Matrix ${s} zebra`).sort());
      const library =
        (await (await app.fetch('/library?q=zebra', { headers: { Cookie: cookies[role] } })).text()).match(/Matrix \w+ zebra/g) ?? [];
      // The library is the published reviews: the readable ones that are published.
      expect([...new Set(library)]).toEqual(readable.filter((s) => s === 'published').map((s) => `Matrix ${s} zebra`));
      const actions = await listActionItems(db(), { actor, filter: ActionItemFilterSchema.parse({}), today: '2030-01-01' });
      expect(
        actions.items
          .map((a) => a.title)
          .filter((t) => t.startsWith('Step of'))
          .sort(),
      ).toEqual(readable.map((s) => `Step of ${s}`).sort());
      expect((await countActionItems(db(), { actor, today: '2030-01-01' })).overdue).toBe(readable.length);
      const launches = await listLaunchReviews(db(), { actor });
      expect(titles(launches.items)).toEqual(readable.map((s) => `Launch ${s}`).sort());
      const home = await getHomeOverview(db(), { actor, today: '2030-01-01', now: new Date() });
      expect(home.overdue.map((a) => a.title).sort()).toEqual(readable.map((s) => `Step of ${s}`).sort());
      expect(titles(home.launches)).toEqual(
        readable
          .filter((s) => s !== 'archived')
          .map((s) => `Launch ${s}`)
          .sort(),
      );
      expect(titles([...home.drafts, ...home.reviews, ...home.published])).toEqual(
        readable
          .filter((s) => s !== 'archived')
          .flatMap((s) => [`Launch ${s}`, `Matrix ${s} zebra`])
          .sort(),
      );
      // Insights are over published RCAs only: the readable ones that are published.
      const insights = await getInsights(db(), { actor, months: 12, today: '2030-01-01' });
      expect(insights.months.reduce((n, m) => n + m.incidents, 0)).toBe(readable.filter((s) => s === 'published').length);
      expect(insights.actions.open).toBe(readable.filter((s) => s === 'published').length);
    });
  }
});
