import fs from 'node:fs';
import { expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument } from '../../app/models/document.server';
import { documents } from '../../db/schema';

describeEachBackend('role fact columns (migrations 0004/0005)', (db) => {
  it('a save fills the time-to-detect and time-to-resolve columns from the roles; the backfill gives rows saved before the same values', async () => {
    const editor = await createTestActor(db(), 'editor');
    // blameless-rca: detected by the detectedAt field (20 min), resolved by endedAt (90 min).
    const rca = await createDocument(db(), {
      actor: editor,
      input: rcaInput({
        fields: { startedAt: '2016-06-15T22:00:00Z', detectedAt: '2016-06-15T22:20:00Z', endedAt: '2016-06-15T23:30:00Z' },
      }),
    });
    // google-sre-postmortem: detection from the timeline marker (5 min), no resolve fact.
    const sre = await createDocument(db(), {
      actor: editor,
      input: {
        template: 'google-sre-postmortem',
        title: 'SRE one',
        fields: {
          startedAt: '2016-06-15T22:00:00Z',
          endedAt: '2016-06-15T22:40:00Z',
          timeline: [{ at: '2016-06-15T22:05:00Z', text: 'Paged', marker: 'detected' }],
        },
      },
    });
    const ids = [rca.id, sre.id];
    const read = () =>
      db()
        .select({
          id: documents.id,
          impact: documents.impactMinutes,
          detect: documents.timeToDetectMinutes,
          resolve: documents.timeToResolveMinutes,
        })
        .from(documents)
        .where(inArray(documents.id, ids))
        .orderBy(documents.title);
    const saved = await read();
    expect(saved.find((r) => r.id === rca.id)).toEqual({ id: rca.id, impact: 90, detect: 20, resolve: 90 });
    expect(saved.find((r) => r.id === sre.id)).toEqual({ id: sre.id, impact: 40, detect: 5, resolve: null });

    // As the rows were before 0004: no fact columns.
    for (const id of ids)
      await db().update(documents).set({ timeToDetectMinutes: null, timeToResolveMinutes: null }).where(eq(documents.id, id));
    const file = fs.readFileSync('db/migrations/0005_backfill_role_fact_columns.sql', 'utf8');
    for (const statement of file.split('--> statement-breakpoint')) await db().execute(sql.raw(statement));
    expect(await read()).toEqual(saved);
  });
});
