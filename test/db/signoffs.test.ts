import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, getDocument, updateDocument } from '../../app/models/document.server';
import { createSignoff, launchDecision } from '../../app/models/signoff.server';
import { HttpError } from '../../app/lib/errors.server';
import type { Actor } from '../../app/models/types';

const allYes = (overrides: Record<string, string> = {}) =>
  Object.fromEntries(
    ['testedEnough', 'finalQa', 'communicationReady', 'inProductionForStaff', 'darkLaunch', 'percentageLaunch', 'monitoring', 'onOffSwitches', 'leadsAvailable', 'userFeedback', 'successTime', 'contingencyPlan'].map((k) => [
      k,
      { answer: overrides[k] ?? 'yes', note: '' },
    ]),
  );

describeEachBackend('launch sign-offs', (db) => {
  let editor: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    editor = await createTestActor(db(), 'editor', { name: 'Eve Editor' });
    viewer = await createTestActor(db(), 'viewer');
  });

  const launch = (checks = allYes()) =>
    createDocument(db(), { actor: editor, input: { template: 'etsy-go-no-go', title: 'Launch', fields: { launchAt: '2026-12-01T15:00Z', launchers: ['Ana'], feature: 'X', checks } } });

  it('is Go only when every role signed Go on the current version and every gate is met', async () => {
    const doc = await launch();
    for (const role of ['Engineering lead', 'Product owner', 'Operations']) await createSignoff(db(), { actor: editor, documentId: doc.id, input: { role, decision: 'go' } });
    let view = await getDocument(db(), { actor: editor, id: doc.id });
    expect(launchDecision(view.template, view)).toMatchObject({ decision: 'pending', missingRoles: ['Support'] });
    await createSignoff(db(), { actor: editor, documentId: doc.id, input: { role: 'Support', decision: 'go', comment: 'Macros ready' } });
    view = await getDocument(db(), { actor: editor, id: doc.id });
    expect(launchDecision(view.template, view).decision).toBe('go');
    expect(view.signoffs.map((s) => s.documentVersion)).toEqual([1, 1, 1, 1]);

    // An edit after the sign-offs makes them stale: back to pending.
    const edited = await updateDocument(db(), { actor: editor, id: doc.id, input: { version: view.version, fields: { feature: 'X, reworded' } } });
    expect(edited.signoffs.every((s) => s.stale)).toBe(true);
    expect(launchDecision(edited.template, edited).decision).toBe('pending');
  });

  it('a No-Go from anyone, or an unmet gate, blocks Go', async () => {
    const gated = await launch(allYes({ monitoring: 'no' }));
    for (const role of ['Engineering lead', 'Product owner', 'Operations', 'Support']) await createSignoff(db(), { actor: editor, documentId: gated.id, input: { role, decision: 'go' } });
    let view = await getDocument(db(), { actor: editor, id: gated.id });
    expect(launchDecision(view.template, view)).toMatchObject({ decision: 'pending', unmetGates: ['Is new infrastructure in monitoring?'] });
    await createSignoff(db(), { actor: editor, documentId: gated.id, input: { role: 'Operations', decision: 'no_go', comment: 'No alerts yet' } });
    view = await getDocument(db(), { actor: editor, id: gated.id });
    expect(launchDecision(view.template, view)).toMatchObject({ decision: 'no_go', noGoBy: ['Eve Editor (Operations)'] });
  });

  it('refuses viewers, unknown roles, and documents that are not checklists', async () => {
    const doc = await launch();
    await expect(createSignoff(db(), { actor: viewer, documentId: doc.id, input: { role: 'Support', decision: 'go' } })).rejects.toMatchObject({ status: 403 });
    const bad = await createSignoff(db(), { actor: editor, documentId: doc.id, input: { role: 'Janitor', decision: 'maybe' } }).catch((e: HttpError) => e);
    expect((bad as HttpError).status).toBe(400);
    const rca = await createDocument(db(), { actor: editor, input: rcaInput() });
    await expect(createSignoff(db(), { actor: editor, documentId: rca.id, input: { role: 'Support', decision: 'go' } })).rejects.toMatchObject({ status: 422 });
  });
});
