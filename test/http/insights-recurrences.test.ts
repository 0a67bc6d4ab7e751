// Recurrences in Insights: published RCAs are compared with earlier incidents when they are published (and in the
// background for those published before), and the insights page counts, by month, the incidents that repeat an
// earlier one whose prevent actions were done (came back) or are still open, with the latest of them listed.
import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, publishRca } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { getDocument, transitionDocument } from '../../app/models/document.server';
import { updateActionItem } from '../../app/models/action-item-change.server';
import { startRecurrenceBackfill, uncheckedRecurrences } from '../../app/models/recurrence.server';
import { getInsights } from '../../app/models/insights.server';
import type { Actor, DocumentView } from '../../app/models/types';

const NOW = new Date('2026-12-06T12:00:00Z');

describeEachBackend('recurrences in Insights', (db) => {
  let app: TestApp;
  let editor: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  const docs = {} as Record<'certDone' | 'queueOpen' | 'certAgain' | 'queueAgain' | 'other' | 'current' | 'later', DocumentView>;

  const cert = {
    symptoms: 'Clients failed the TLS handshake against the checkout API; browsers showed certificate warnings.',
    whatHappened: 'The certificate on the checkout load balancer expired. Renewal automation skipped the certificate.',
    rootCause: 'Certificate renewal ran only for certificates listed in an inventory that missed the checkout load balancer.',
  };
  const queue = {
    symptoms: 'Order confirmation emails arrived hours late; the mail queue backlog grew past a million messages.',
    whatHappened: 'The mail relay throttled the sender after a bounce storm, and the queue workers retried without backoff.',
    rootCause: 'Queue workers retried throttled messages immediately, so the relay kept throttling and the backlog kept growing.',
  };
  const other = {
    symptoms: 'Search results were stale for two hours.',
    whatHappened: 'The indexing pipeline stopped after a schema change in the product feed.',
    rootCause: 'The feed consumer rejected records with a new optional column.',
  };

  async function rca(title: string, startedAt: string, service: string, tags: string[], prose: typeof cert, prevent?: 'done') {
    const doc = await publishRca(db(), { author: editor, reviewer, startedAt, title, service, tags, fields: prose });
    if (prevent === 'done') {
      const [item] = doc.actionItems;
      expect(item.kind).toBe('prevent');
      await updateActionItem(db(), { actor: editor, id: item.id, input: { status: 'done', version: item.version } });
    }
    return doc;
  }

  beforeAll(async () => {
    app = await createTestApp(db(), { now: () => NOW });
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
    // The order they are published in is the order the incidents happened.
    docs.certDone = await rca(
      'Expired certificate on checkout',
      '2026-01-10T10:00:00Z',
      'checkout-rec',
      ['tls', 'certificates'],
      cert,
      'done',
    );
    docs.queueOpen = await rca('Mail queue backlog', '2026-02-10T10:00:00Z', 'mail-rec', ['email', 'queue'], queue);
    docs.certAgain = await rca('Checkout certificate expired again', '2026-03-10T10:00:00Z', 'checkout-rec', ['tls'], cert);
    docs.queueAgain = await rca('Mail queue backlog again', '2026-04-10T10:00:00Z', 'mail-rec', ['email', 'queue'], queue);
    docs.other = await rca('Stale search results', '2026-05-10T10:00:00Z', 'search-rec', ['indexing'], other);
    docs.current = await rca('TLS handshake failures at checkout', '2026-07-10T10:00:00Z', 'checkout-rec', ['tls', 'certificates'], cert);
    docs.later = await rca('A later certificate expiry', '2026-09-10T10:00:00Z', 'checkout-rec', ['tls'], cert);
  });

  const insights = (actor: Actor) => getInsights(db(), { actor, months: 12, today: '2026-12-06', now: NOW });
  const byMonth = (i: Awaited<ReturnType<typeof getInsights>>) =>
    Object.fromEntries(
      i.months
        .filter((m) => m.recurrencesCameBack || m.recurrencesStillOpen)
        .map((m) => [m.month, [m.recurrencesCameBack, m.recurrencesStillOpen]]),
    );

  it('counts by month the incidents that repeat an earlier one, by what became of its prevent actions', async () => {
    const i = await insights(viewer);
    // March: repeats January, whose prevent action is done. April: repeats February, whose prevent action is open.
    // July and September: repeat January among others: one earlier incident came back after its fix counts first.
    expect(byMonth(i)).toEqual({ '2026-03': [1, 0], '2026-04': [0, 1], '2026-07': [1, 0], '2026-09': [1, 0] });
    expect(i.recurrences.latest.map((r) => r.title)).toEqual([
      'A later certificate expiry',
      'TLS handshake failures at checkout',
      'Mail queue backlog again',
      'Checkout certificate expired again',
    ]);
    const later = i.recurrences.latest[0];
    expect(later.earlier).toEqual([
      { id: docs.current.id, title: docs.current.title, startedAt: '2026-07-10T10:00:00.000Z', kind: 'still_open' },
      { id: docs.certAgain.id, title: docs.certAgain.title, startedAt: '2026-03-10T10:00:00.000Z', kind: 'still_open' },
      { id: docs.certDone.id, title: docs.certDone.title, startedAt: '2026-01-10T10:00:00.000Z', kind: 'came_back' },
    ]);
    expect(i.recurrences.latest.flatMap((r) => r.earlier).map((e) => e.id)).not.toContain(docs.other.id);
    expect(i.recurrences).toMatchObject({ checked: 7, incidents: 7 });
  });

  it('reads the prevent actions as they are now: an open one done turns "still open" into "came back"', async () => {
    const [row] = (await fresh(docs.queueOpen.id)).actionItems;
    await updateActionItem(db(), { actor: editor, id: row.id, input: { status: 'done', version: row.version } });
    expect(byMonth(await insights(viewer))['2026-04']).toEqual([1, 0]);
  });

  it('shows the chart, its table and the latest recurrences on the page, stored titles as text', async () => {
    const cookie = await app.signIn(viewer);
    const res = await app.fetch('/insights?months=12', { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const section = html.slice(html.indexOf('id="recurrences"'), html.indexOf('id="by-service"'));
    expect(section).toContain('4 recurring incidents in this period.');
    expect(section).toContain('Recurring incidents by month</caption>');
    expect(section).toMatch(/<th scope="row">2026-09<\/th><td>1<\/td><td>0<\/td>/);
    expect(section).toContain(`href="/docs/${docs.later.id}"`);
    expect(section).toContain('came back after its prevent actions were done');
    expect(section).not.toContain('compared with earlier ones so far');
  });

  it('compares RCAs published before recurrences were recorded in the background, and says how far it is meanwhile', async () => {
    await db().execute(sql`delete from recurrence_checks`);
    await db().execute(sql`delete from incident_recurrences`);
    expect((await uncheckedRecurrences(db(), 100)).length).toBe(7);
    const cookie = await app.signIn(viewer);
    const before = await (await app.fetch('/insights?months=12', { headers: { Cookie: cookie } })).text();
    expect(before).toContain('0 of 7 incidents of this period have been compared with earlier ones so far');
    expect(before).toContain('No incident of this period repeats an earlier one.');

    // While requests keep coming, the pass waits; once the server is idle it works through the backlog.
    let quiet = false;
    const pass = startRecurrenceBackfill(db(), { minRestMs: 1, idle: () => quiet, busyEveryMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await uncheckedRecurrences(db(), 100)).length).toBe(7);
    quiet = true;
    await expect.poll(async () => (await uncheckedRecurrences(db(), 100)).length, { timeout: 20_000, interval: 50 }).toBe(0);
    await pass.stop();
    const i = await insights(viewer);
    expect(byMonth(i)).toEqual({ '2026-03': [1, 0], '2026-04': [1, 0], '2026-07': [1, 0], '2026-09': [1, 0] });
    expect(i.recurrences).toMatchObject({ checked: 7, incidents: 7 });
  });

  it('forgets a recurrence when the earlier incident is reopened as a draft, and an RCA reopened is compared again on publish', async () => {
    const { version } = await fresh(docs.certDone.id);
    const reopened = await transitionDocument(db(), { actor: editor, id: docs.certDone.id, input: { to: 'draft', version } });
    const i = await insights(viewer);
    // March repeated only January; July and September still repeat March and July, whose prevent actions are open.
    expect(byMonth(i)).toEqual({ '2026-04': [1, 0], '2026-07': [0, 1], '2026-09': [0, 1] });
    expect(i.recurrences).toMatchObject({ checked: 6, incidents: 6 });
    const r = await transitionDocument(db(), { actor: editor, id: reopened.id, input: { to: 'in_review', version: reopened.version } });
    await transitionDocument(db(), { actor: reviewer, id: reopened.id, input: { to: 'published', version: r.version } });
    expect((await insights(viewer)).recurrences).toMatchObject({ checked: 7, incidents: 7 });
  });

  const fresh = (id: string) => getDocument(db(), { actor: editor, id });
});
