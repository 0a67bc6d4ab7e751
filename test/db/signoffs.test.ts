import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, getDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { countCurrentSignoffs, createSignoff } from '../../app/models/signoff.server';
import { getLaunchDecision, listDecisionChanges } from '../../app/models/launch-decision.server';
import { updateActionItem } from '../../app/models/action-item-change.server';
import type { HttpError } from '../../app/lib/errors.server';
import { documents } from '../../db/schema';
import type { Actor } from '../../app/models/types';

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
const ROLES = ['Engineering lead', 'Product owner', 'Operations', 'Support'];
const allYes = (overrides: Record<string, string> = {}) =>
  Object.fromEntries(KEYS.map((k) => [k, { answer: overrides[k] ?? 'yes', note: '' }]));
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: HttpError) => e,
  );

describeEachBackend('launch decisions', (db) => {
  let author: Actor;
  let reviewer: Actor;
  let signers: Actor[];
  let viewer: Actor;
  beforeAll(async () => {
    author = await createTestActor(db(), 'editor', { name: 'Ann Author' });
    reviewer = await createTestActor(db(), 'editor', { name: 'Rita Reviewer' });
    signers = await Promise.all(ROLES.map((r) => createTestActor(db(), 'editor', { name: `Signer ${r}` })));
    viewer = await createTestActor(db(), 'viewer');
  });

  /** A filled etsy-go-no-go review, submitted for review. */
  async function submittedLaunch(checks = allYes()) {
    const doc = await createDocument(db(), {
      actor: author,
      input: {
        template: 'etsy-go-no-go',
        title: 'Launch: gift cards',
        fields: { launchAt: '2026-12-01T15:00Z', launchers: ['Ana'], feature: 'Gift cards', checks },
      },
    });
    return transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } });
  }
  const signAll = async (id: string) => {
    for (const [i, role] of ROLES.entries())
      await createSignoff(db(), { actor: signers[i], documentId: id, input: { role, decision: 'go', comment: `${role} ready` } });
  };

  it('a Go signed in review survives publication (the repro): page, API document and /launches data say Go', async () => {
    const review = await submittedLaunch();
    await signAll(review.id);
    expect((await getLaunchDecision(db(), review.id)).state).toBe('go');
    const published = await transitionDocument(db(), {
      actor: reviewer,
      id: review.id,
      input: { to: 'published', version: (await getDocument(db(), { actor: author, id: review.id })).version },
    });
    expect(published.status).toBe('published');
    expect(published.signoffs.every((s) => !s.stale)).toBe(true);
    expect(published.decision).toMatchObject({ state: 'go' });
    const report = await getLaunchDecision(db(), review.id);
    expect(report.state).toBe('go');
    expect(report.signoffs.map((s) => [s.signerLabel, s.role, s.decision, s.stale])).toEqual(
      ROLES.map((r) => [`Signer ${r}`, r, 'go', false]),
    );
    expect(report.questions.find((q) => q.key === 'monitoring')).toMatchObject({ gate: true, answer: 'yes' });
    const [stored] = await db().select({ decision: documents.decision }).from(documents).where(eq(documents.id, review.id));
    expect(stored.decision).toBe('go');
    // A viewer reads the published record the same way.
    expect((await getDocument(db(), { actor: viewer, id: review.id })).decision?.state).toBe('go');
  });

  it('only a change of content makes sign-offs stale: not status, not new sign-offs, not action-item status', async () => {
    const review = await submittedLaunch();
    await createSignoff(db(), { actor: signers[0], documentId: review.id, input: { role: ROLES[0], decision: 'go' } });
    await createSignoff(db(), { actor: signers[1], documentId: review.id, input: { role: ROLES[1], decision: 'go' } });
    // Back to draft and in review again: a status change.
    let doc = await getDocument(db(), { actor: author, id: review.id });
    doc = await transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'draft', version: doc.version } });
    doc = await transitionDocument(db(), { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } });
    expect(doc.signoffs.map((s) => s.stale)).toEqual([false, false]);
    // An action item's status changes.
    const blocker = (
      await updateDocument(db(), {
        actor: author,
        id: doc.id,
        input: { version: doc.version, fields: { blockers: [{ title: 'Runbook review', kind: 'launch blocker' }] } },
      })
    ).actionItems[0];
    doc = await getDocument(db(), { actor: author, id: doc.id });
    await updateActionItem(db(), { actor: author, id: blocker.id, input: { version: blocker.version, status: 'done' } });
    // Tags are not content either; an edit that saves the same title and fields changes nothing.
    doc = await getDocument(db(), { actor: author, id: doc.id });
    doc = await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: doc.version, tags: ['gifts'], title: doc.title, fields: { feature: 'Gift cards' } },
    });
    expect(doc.signoffs.map((s) => s.stale)).toEqual([false, false]);
    expect(await countCurrentSignoffs(db(), doc.id)).toBe(2);
    // A change of a field's value is content: both go stale, the decision waits for new ones.
    const edited = await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: doc.version, fields: { feature: 'Gift cards and vouchers' } },
    });
    expect(edited.contentVersion).toBe(doc.contentVersion + 1);
    expect(edited.signoffs.map((s) => s.stale)).toEqual([true, true]);
    expect(await countCurrentSignoffs(db(), doc.id)).toBe(0);
    // So is the title.
    await createSignoff(db(), { actor: signers[0], documentId: doc.id, input: { role: ROLES[0], decision: 'go' } });
    const retitled = await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: edited.version, title: 'Launch: vouchers' },
    });
    expect(retitled.signoffs.map((s) => s.stale)).toEqual([true, true, true]);
  });

  it('one person signs for one role per review; they may sign their role again', async () => {
    const review = await submittedLaunch();
    await createSignoff(db(), {
      actor: signers[0],
      documentId: review.id,
      input: { role: 'Operations', decision: 'no_go', comment: 'Alerts missing' },
    });
    const second = await failure(
      createSignoff(db(), { actor: signers[0], documentId: review.id, input: { role: 'Support', decision: 'go' } }),
    );
    expect(second).toMatchObject({ status: 409, code: 'one_role_per_person' });
    expect(second.message).toMatch(/already signed this review as Operations/);
    expect(second.issues?.[0].path).toEqual(['role']);
    await createSignoff(db(), {
      actor: signers[0],
      documentId: review.id,
      input: { role: 'Operations', decision: 'go', comment: 'Alerts added' },
    });
    const report = await getLaunchDecision(db(), review.id);
    expect(report.signoffs.map((s) => [s.role, s.decision])).toEqual([
      ['Operations', 'no_go'],
      ['Operations', 'go'],
    ]);
    expect(report.noGoBy).toEqual([]);
  });

  it('takes no sign-off on a draft or an archived review; takes one after publication', async () => {
    const draft = await createDocument(db(), {
      actor: author,
      input: {
        template: 'etsy-go-no-go',
        title: 'Draft launch',
        fields: { launchAt: '2026-12-01T15:00Z', launchers: ['Ana'], feature: 'X', checks: allYes() },
      },
    });
    const onDraft = await failure(
      createSignoff(db(), { actor: signers[0], documentId: draft.id, input: { role: 'Support', decision: 'go' } }),
    );
    expect(onDraft).toMatchObject({ status: 409, code: 'not_in_review' });
    expect(onDraft.message).toMatch(/submit it for review first/);
    const archived = await transitionDocument(db(), { actor: author, id: draft.id, input: { to: 'archived', version: draft.version } });
    expect(
      await failure(createSignoff(db(), { actor: signers[0], documentId: archived.id, input: { role: 'Support', decision: 'go' } })),
    ).toMatchObject({ status: 409, code: 'read_only' });

    const review = await submittedLaunch();
    await signAll(review.id);
    const pub = await transitionDocument(db(), {
      actor: reviewer,
      id: review.id,
      input: { to: 'published', version: (await getDocument(db(), { actor: author, id: review.id })).version },
    });
    await createSignoff(db(), {
      actor: signers[3],
      documentId: pub.id,
      input: { role: 'Support', decision: 'no_go', comment: 'Macro broken' },
    });
    expect((await getLaunchDecision(db(), pub.id)).reasons).toEqual(['No-Go from Signer Support (Support): Macro broken']);
  });

  it('refuses viewers, unknown roles, and documents that are not checklists', async () => {
    const review = await submittedLaunch();
    await expect(
      createSignoff(db(), { actor: viewer, documentId: review.id, input: { role: 'Support', decision: 'go' } }),
    ).rejects.toMatchObject({ status: 403 });
    expect(
      await failure(createSignoff(db(), { actor: signers[0], documentId: review.id, input: { role: 'Janitor', decision: 'maybe' } })),
    ).toMatchObject({ status: 400 });
    const rca = await createDocument(db(), { actor: author, input: rcaInput() });
    await expect(
      createSignoff(db(), { actor: signers[0], documentId: rca.id, input: { role: 'Support', decision: 'go' } }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('a No to a gate or required question opens a linked launch blocker; a passing answer closes it; No again reopens it', async () => {
    const review = await submittedLaunch(allYes({ monitoring: 'no', finalQa: 'no' }));
    let report = await getLaunchDecision(db(), review.id);
    expect(report.state).toBe('no_go');
    expect(report.reasons).toContain('Gate failed: Is new infrastructure in monitoring? (answered No)');
    let doc = await getDocument(db(), { actor: author, id: review.id });
    const blockers = () => doc.actionItems.filter((a) => a.kind === 'launch blocker').map((a) => [a.title, a.status, a.fieldKey]);
    expect(blockers()).toEqual([
      ['Answered No: Has final QA signed off?', 'open', 'blockers'],
      ['Answered No: Is new infrastructure in monitoring?', 'open', 'blockers'],
    ]);
    // Monitoring fixed: its blocker closes; final QA still open keeps the review Pending even with every Go.
    doc = await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: doc.version, fields: { checks: allYes({ finalQa: 'no' }) } },
    });
    expect(blockers()).toEqual([
      ['Answered No: Has final QA signed off?', 'open', 'blockers'],
      ['Answered No: Is new infrastructure in monitoring?', 'done', 'blockers'],
    ]);
    await signAll(doc.id);
    report = await getLaunchDecision(db(), doc.id);
    expect(report).toMatchObject({
      state: 'pending',
      reasons: [
        'Required question fails: Has final QA signed off? (answered No)',
        'Launch blocker open: Answered No: Has final QA signed off?',
      ],
    });
    // QA signs off: every blocker closed, the current Go sign-offs... are stale (the answers are content).
    doc = await getDocument(db(), { actor: author, id: doc.id });
    doc = await updateDocument(db(), { actor: author, id: doc.id, input: { version: doc.version, fields: { checks: allYes() } } });
    expect(blockers().map((b) => b[1])).toEqual(['done', 'done']);
    expect((await getLaunchDecision(db(), doc.id)).missingRoles).toEqual(ROLES);
    // No again: the same item reopens (no duplicate).
    doc = await updateDocument(db(), {
      actor: author,
      id: doc.id,
      input: { version: doc.version, fields: { checks: allYes({ monitoring: 'no' }) } },
    });
    expect(blockers()).toEqual([
      ['Answered No: Has final QA signed off?', 'done', 'blockers'],
      ['Answered No: Is new infrastructure in monitoring?', 'open', 'blockers'],
    ]);
  });

  it('records every change of decision with from, to, who, when and why', async () => {
    const review = await submittedLaunch();
    await signAll(review.id);
    let doc = await getDocument(db(), { actor: author, id: review.id });
    await updateDocument(db(), { actor: author, id: doc.id, input: { version: doc.version, fields: { feature: 'Gift cards v2' } } });
    await createSignoff(db(), {
      actor: signers[2],
      documentId: doc.id,
      input: { role: 'Operations', decision: 'no_go', comment: 'Pager rota empty' },
    });
    const history = await listDecisionChanges(db(), doc.id);
    expect(history.map((h) => [h.from, h.to])).toEqual([
      [null, 'pending'],
      ['pending', 'go'],
      ['go', 'pending'],
      ['pending', 'no_go'],
    ]);
    expect(history[1]).toMatchObject({ by: 'Signer Support', why: 'Go from Signer Support (Support): Support ready' });
    expect(history[2].why).toMatch(/Edited the content .*sign-offs need renewing/);
    expect(history[2].by).toBe('Ann Author');
    expect(history[3]).toMatchObject({ by: 'Signer Operations', reasons: ['No-Go from Signer Operations (Operations): Pager rota empty'] });
    for (const h of history) expect(h.at).toMatch(/Z$/);
    doc = await getDocument(db(), { actor: author, id: doc.id });
    expect(doc.decision).toMatchObject({ state: 'no_go', changedAt: history[3].at });
  });
});
