// The insights page keeps its figures until the data changes: every change that moves a figure shows on the next view
// (a publish, an action item done, a document archived, a recurrence recorded), and readers who see different documents
// never share figures.
import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, publishRca } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { getDocument, transitionDocument } from '../../app/models/document.server';
import { updateActionItem } from '../../app/models/action-item-change.server';
import type { Actor } from '../../app/models/types';
import { createLaunch } from '../helpers/launches';

const NOW = new Date('2026-12-06T12:00:00Z');

describeEachBackend('insights kept until the data changes', (db) => {
  let app: TestApp;
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  let cookie: string;

  const publish = (title: string, startedAt: string) => publishRca(db(), { author: editor, reviewer, startedAt, title });
  const figures = async (who = cookie) => {
    const res = await app.fetch('/insights?months=12', { headers: { Cookie: who } });
    expect(res.status).toBe(200);
    // React marks the seams between text pieces with empty comments: read the text as a person would.
    const html = (await res.text()).replaceAll('<!-- -->', '');
    return {
      incidents: Number(/<dt>Incidents<\/dt><dd>(\d+)<\/dd>/.exec(html)?.[1]),
      done: Number(/ · (\d+) done · /.exec(html)?.[1]),
      html,
    };
  };

  beforeAll(async () => {
    app = await createTestApp(db(), { now: () => NOW });
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    cookie = await app.signIn(viewer);
    await publish('First cached incident', '2026-06-01T10:00:00Z');
  });

  it('shows a publish, an action item done and an archived review on the next view', async () => {
    expect((await figures()).incidents).toBe(1);
    expect((await figures()).incidents).toBe(1);
    const second = await publish('Second cached incident', '2026-07-01T10:00:00Z');
    expect((await figures()).incidents).toBe(2);

    expect((await figures()).done).toBe(0);
    const [item] = second.actionItems;
    await updateActionItem(db(), { actor: editor, id: item.id, input: { status: 'done', version: item.version } });
    expect((await figures()).done).toBe(1);

    const current = await getDocument(db(), { actor: editor, id: second.id });
    await transitionDocument(db(), { actor: editor, id: second.id, input: { to: 'archived', version: current.version } });
    expect((await figures()).incidents).toBe(1);
  });

  it('shows recurrences the background pass records, though no document changed', async () => {
    const before = await figures();
    expect(before.html).not.toContain('compared with earlier ones so far');
    await db().execute(sql`delete from recurrence_checks`);
    expect((await figures()).html).toContain('0 of 1 incidents of this period have been compared');
  });

  it('keeps what editors see apart from what viewers see', async () => {
    // A launch review in review counts for editors (who may read it), not for viewers: each gets their own figures,
    // whoever opened the page first.
    const launch = await createLaunch(db(), { author: editor, title: 'Cached launch in review', launchAt: '2026-11-01T15:00:00Z' });
    await transitionDocument(db(), { actor: editor, id: launch.id, input: { to: 'in_review', version: launch.version } });
    const launches = (html: string) => Number(/opened on (\d+) launch review/.exec(html)?.[1]);
    const asEditor = await app.signIn(editor);
    expect(launches((await figures(cookie)).html)).toBe(0);
    expect(launches((await figures(asEditor)).html)).toBe(1);
    expect(launches((await figures(cookie)).html)).toBe(0);
  });
});
