import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { seedDemoContent, DEMO_EDITOR, DEMO_REVIEWER } from '../../db/seed';
import { DEMO_RCAS } from '../../db/demo/rcas';
import { getUserByEmail, toActor } from '../../app/models/user.server';
import { listDocuments, DocumentFilterSchema } from '../../app/models/document-list.server';
import { getDocument } from '../../app/models/document.server';
import { getLaunchDecision } from '../../app/models/launch-decision.server';
import { similarIncidents } from '../../app/models/similar.server';
import { listLinks } from '../../app/models/link.server';
import { getReadingList, listReadingLists, onThisDay, readCount } from '../../app/models/reading.server';
import { listActionItems, ActionItemFilterSchema } from '../../app/models/action-item.server';
import { listTemplateProposals } from '../../app/models/template-proposal.server';

describeEachBackend('demo content', (db) => {
  it('a library worth browsing: ~25 published RCAs over three years, five launch reviews, a reading list, a recurrence', async () => {
    const started = performance.now();
    expect(await seedDemoContent(db())).toBe(true);
    console.log(`demo content seeded in ${Math.round(performance.now() - started)} ms`);
    const author = toActor((await getUserByEmail(db(), DEMO_EDITOR.email))!);
    expect(await getUserByEmail(db(), DEMO_REVIEWER.email)).toMatchObject({ role: 'editor', name: 'Demo Reviewer' });
    const list = async (filter: Record<string, string>) =>
      (await listDocuments(db(), { actor: author, filter: DocumentFilterSchema.parse({ limit: '100', ...filter }) })).items;
    const docs = await list({});

    // Incident reviews: published by the reviewer, over three calendar years, each with contributing factors.
    const rcas = docs.filter((d) => d.kind === 'rca' && d.status === 'published');
    expect(rcas.length).toBe(DEMO_RCAS.length + 2);
    expect(rcas.length).toBeGreaterThanOrEqual(25);
    expect(new Set(rcas.map((d) => d.startedAt!.slice(0, 4)))).toEqual(new Set(['2024', '2025', '2026']));
    for (const d of rcas) {
      const full = await getDocument(db(), { actor: author, id: d.id });
      expect(full.publishedBy, d.title).toBe('Demo Reviewer');
      expect((full.fields.factors as unknown[]).length, d.title).toBeGreaterThan(0);
    }
    expect((await list({ factor: 'monitoring gap', status: 'published' })).length).toBeGreaterThanOrEqual(8);
    expect(docs.filter((d) => d.kind === 'rca' && d.status === 'draft').map((d) => d.title)).toEqual([
      'Search latency spike after index rebuild',
    ]);

    // Action items in every state, some overdue.
    const items = (
      await listActionItems(db(), { actor: author, filter: ActionItemFilterSchema.parse({ limit: '100' }), today: '2026-12-05' })
    ).items;
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(['open', 'in_progress', 'done', 'wont_do']));
    expect(items.some((i) => i.status === 'open' && i.dueDate !== null && i.dueDate < '2026-12-01')).toBe(true);

    // Launch reviews: two Go, one No-Go, one pending in review, one draft coming up.
    const launches = docs.filter((d) => d.kind === 'checklist');
    expect(launches.length).toBe(5);
    const decisions = Object.fromEntries(
      await Promise.all(launches.map(async (l) => [l.title, (await getLaunchDecision(db(), l.id)).state])),
    );
    expect(decisions).toEqual({
      'Launch review: one-click reorder': 'pending',
      'Launch review: gift cards': 'no_go',
      'Launch review: EU data residency for uploads': 'go',
      'Launch review: search ranking v2': 'go',
      'Launch review: passwordless sign-in': 'pending',
    });
    const reorder = launches.find((l) => l.title === 'Launch review: one-click reorder')!;
    expect(reorder.status).toBe('in_review');
    expect((await getLaunchDecision(db(), reorder.id)).reasons).toEqual([
      'Required question fails: Is communication ready? (answered No)',
      'Launch blocker open: Publish the support macro',
      'Launch blocker open: Answered No: Is communication ready?',
      'No current Go from Product owner',
      'No current Go from Operations',
      'No current Go from Support',
    ]);

    // The CDN certificate incident came back although the payments certificate's prevent action was done.
    const cdn = rcas.find((d) => d.title === 'Expired TLS certificate on the image CDN')!;
    const similar = await similarIncidents(db(), { actor: author, id: cdn.id });
    const earlier = similar.find((s) => s.title === 'Expired certificate on the payments API stopped card payments');
    expect(earlier?.recurrence).toBe('came_back');

    // The ranking incident links to the launch that caused it; the launch shows it from its side.
    const ranking = rcas.find((d) => d.title === 'New search ranking returned no results for multi-word queries')!;
    expect((await listLinks(db(), { actor: author, id: ranking.id })).map((l) => `${l.label}: ${l.document.title}`)).toEqual([
      'Caused by launch: Launch review: search ranking v2',
    ]);
    const rankingLaunch = launches.find((l) => l.title === 'Launch review: search ranking v2')!;
    expect((await listLinks(db(), { actor: author, id: rankingLaunch.id })).map((l) => l.label)).toEqual(['Incident it caused']);

    // On this day (5 December): incidents from the same week of earlier years.
    const today = await onThisDay(db(), { actor: author, now: new Date('2026-12-05T12:00:00Z') });
    expect(today.map((t) => t.title)).toEqual([
      'Holiday traffic backed up the image resizer queue',
      'Black Friday traffic saturated the search cluster',
    ]);

    // A reading list with reads, so read counts show.
    const [summary] = await listReadingLists(db(), author);
    expect(summary.title).toBe('Read before your first on-call');
    const reading = await getReadingList(db(), { actor: author, id: summary.id });
    expect(reading.items.length).toBe(5);
    expect(await readCount(db(), reading.items[0].documentId)).toBe(2);

    // A question the certificate outage taught, proposed for the Go/No-Go checklist and waiting for an admin.
    const proposals = await listTemplateProposals(db(), { actor: { ...author, role: 'admin' }, filter: { page: 1, limit: 10 } });
    expect(proposals.items.map((p) => [p.status, p.template, p.rcaTitle])).toEqual([
      ['open', 'etsy-go-no-go', 'Expired certificate on the payments API stopped card payments'],
    ]);
  });
});
