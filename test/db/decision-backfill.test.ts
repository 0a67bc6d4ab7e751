import fs from 'node:fs';
import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import { documents, signoffs } from '../../db/schema';

const KEYS = [
  'testedEnough',
  'finalQa',
  'communicationReady',
  'inProductionForStaff',
  'darkLaunch',
  'percentageLaunch',
  'monitoring',
  'onOffSwitches',
  'leadsAvailable',
  'userFeedback',
  'successTime',
  'contingencyPlan',
];
const checks = Object.fromEntries(KEYS.map((k) => [k, { answer: 'yes', note: '' }]));

describeEachBackend('backfill of content versions (migration 0002)', (db) => {
  it('pins existing sign-offs to the content they saw: status changes do not count, edits of fields do', async () => {
    const author = await createTestActor(db(), 'editor');
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createTestActor(db(), 'editor')));
    const publisher = await createTestActor(db(), 'editor');
    let doc = await createDocument(db(), {
      actor: author,
      input: {
        template: 'etsy-go-no-go',
        title: 'Old launch',
        fields: { launchAt: '2026-12-01T15:00Z', launchers: ['Ana'], feature: 'X', checks },
      },
    });
    doc = await transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } }); // v2: status only
    await createSignoff(db(), { actor: a, documentId: doc.id, input: { role: 'Operations', decision: 'go' } });
    doc = await transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'draft', version: doc.version } }); // v3
    doc = await updateDocument(db(), { actor: author, id: doc.id, input: { version: doc.version, fields: { feature: 'Y' } } }); // v4: content
    doc = await transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } }); // v5
    await createSignoff(db(), { actor: b, documentId: doc.id, input: { role: 'Support', decision: 'go' } });
    doc = await transitionDocument(db(), { actor: publisher, id: doc.id, input: { to: 'published', version: doc.version } }); // v6
    await createSignoff(db(), { actor: c, documentId: doc.id, input: { role: 'Product owner', decision: 'go' } });

    // As the rows were before 0001/0002: every content version at its default, no publisher.
    await db().update(documents).set({ contentVersion: 1, publishedBy: null }).where(eq(documents.id, doc.id));
    await db().update(signoffs).set({ contentVersion: 1 }).where(eq(signoffs.documentId, doc.id));

    const file = fs.readFileSync('db/migrations/0002_backfill_content_versions.sql', 'utf8');
    for (const statement of file.split('--> statement-breakpoint')) await db().execute(sql.raw(statement));

    const [d] = await db()
      .select({ contentVersion: documents.contentVersion, publishedBy: documents.publishedBy })
      .from(documents)
      .where(eq(documents.id, doc.id));
    expect(d).toEqual({ contentVersion: 2, publishedBy: publisher.id });
    const rows = await db()
      .select({ role: signoffs.role, contentVersion: signoffs.contentVersion })
      .from(signoffs)
      .where(eq(signoffs.documentId, doc.id))
      .orderBy(signoffs.createdAt);
    expect(rows).toEqual([
      { role: 'Operations', contentVersion: 1 },
      { role: 'Support', contentVersion: 2 },
      { role: 'Product owner', contentVersion: 2 },
    ]);
  });
});
