import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { getInsights } from '../../app/models/insights.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('insights', (db) => {
  let editor: Actor;
  let reviewer: Actor;
  beforeAll(async () => {
    editor = await createTestActor(db(), 'editor');
    reviewer = await createTestActor(db(), 'editor');
  });

  async function published(startedAt: string, endedAt: string, severity: string, service: string) {
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({
        severity,
        service,
        fields: { startedAt, endedAt, timeline: [{ at: startedAt, text: 'Alert fires', marker: 'detected' }] },
      }),
    });
    const r = await transitionDocument(db(), { actor: editor, id: doc.id, input: { to: 'in_review', version: doc.version } });
    return transitionDocument(db(), { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
  }

  it('counts published RCAs by month and service, with impact and follow-through; drafts do not count', async () => {
    const month = new Date().toISOString().slice(0, 7);
    await published(`${month}-01T10:00:00Z`, `${month}-01T12:30:00Z`, 'SEV1', 'payments');
    await published(`${month}-02T08:00:00Z`, `${month}-02T08:45:00Z`, 'SEV2', 'search');
    await createDocument(db(), {
      actor: editor,
      input: rcaInput({ service: 'draft-only', fields: { startedAt: `${month}-03T08:00:00Z`, endedAt: `${month}-03T09:00:00Z` } }),
    });
    const r = await getInsights(db(), { actor: editor, months: 12, today: '2000-01-01' });
    const thisMonth = r.months.find((m) => m.month === month)!;
    expect(thisMonth).toMatchObject({ incidents: 2, sev1: 1, sev2: 1, impactMinutes: 150 + 45, meanDetectMinutes: 0 });
    expect(r.services.map((s) => s.service)).toEqual(['payments', 'search']);
    expect(r.services[0].impactMinutes).toBe(150);
    expect(r.actions.open).toBe(2);
  });
});
