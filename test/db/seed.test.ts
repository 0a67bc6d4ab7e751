import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { seedDemoContent, DEMO_EDITOR, DEMO_REVIEWER } from '../../db/seed';
import { getUserByEmail, toActor } from '../../app/models/user.server';
import { listDocuments, DocumentFilterSchema } from '../../app/models/document-list.server';
import { getDocument } from '../../app/models/document.server';
import { getLaunchDecision } from '../../app/models/launch-decision.server';

describeEachBackend('demo content', (db) => {
  it('has an author and a reviewer, so the review flow shows: reviews published by the reviewer, a launch review in review', async () => {
    expect(await seedDemoContent(db())).toBe(true);
    const author = toActor((await getUserByEmail(db(), DEMO_EDITOR.email))!);
    expect(await getUserByEmail(db(), DEMO_REVIEWER.email)).toMatchObject({ role: 'editor', name: 'Demo Reviewer' });
    const docs = (await listDocuments(db(), { actor: author, filter: DocumentFilterSchema.parse({}) })).items;
    const published = docs.filter((d) => d.status === 'published');
    expect(published.length).toBe(2);
    for (const d of published) expect((await getDocument(db(), { actor: author, id: d.id })).publishedBy).toBe('Demo Reviewer');
    const launch = docs.find((d) => d.kind === 'checklist')!;
    expect(launch.status).toBe('in_review');
    const decision = await getLaunchDecision(db(), launch.id);
    expect(decision.state).toBe('pending');
    expect(decision.reasons).toEqual([
      'Launch blocker open: Publish the support macro',
      'Launch blocker open: Answered No: Is communication ready?',
      'No current Go from Product owner',
      'No current Go from Operations',
      'No current Go from Support',
    ]);
  });
});
