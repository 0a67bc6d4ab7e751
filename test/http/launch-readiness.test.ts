// The second built-in checklist (issue 11 item 4): launch-readiness, its areas and gates, a Go and a No-Go through
// the model and the pages, and every question readable in the PDF on one line.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { pdfText } from '../pdf/helpers';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import { getLaunchDecision } from '../../app/models/launch-decision.server';
import { BUILT_IN_TEMPLATES, type FieldOf } from '../../templates';
import type { Actor } from '../../app/models/types';

// The latest version, as a new review gets it.
const template = [...BUILT_IN_TEMPLATES].reverse().find((t) => t.key === 'launch-readiness')!;
const checklists = template.sections.flatMap((s) => s.fields).filter((f): f is FieldOf<'checklist'> => f.type === 'checklist');

describe('launch-readiness template', () => {
  it('covers the eight areas of a launch coordination checklist, with gates where a failure would page at night', () => {
    expect(checklists.map((c) => c.label)).toEqual([
      'Architecture',
      'Capacity and load',
      'Failure modes and failover',
      'Monitoring and alerting',
      'Security and privacy',
      'Automation and manual steps',
      'External dependencies',
      'Rollout and rollback',
    ]);
    for (const c of checklists) expect(c.items.length, c.label).toBeGreaterThanOrEqual(3);
    const gates = checklists.flatMap((c) => c.items.filter((i) => i.gate).map((i) => i.label));
    expect(gates).toContain('Was rollback tested?');
    expect(gates).toContain('Do alerts page on customer symptoms?');
    expect(gates.length).toBeGreaterThanOrEqual(8);
    // Short enough for the PDF's question column (one line).
    for (const c of checklists) for (const i of c.items) expect(i.label.length, i.label).toBeLessThanOrEqual(47);
    expect(template.signoffRoles).toEqual(['Engineering lead', 'Product owner', 'Operations', 'Security']);
  });
});

describeEachBackend('launch-readiness reviews', (db) => {
  let app: TestApp;
  let author: Actor;
  let signers: Actor[];
  let cookie: string;

  const answers = (no: string[] = []) =>
    Object.fromEntries(
      checklists.map((c) => [
        c.key,
        Object.fromEntries(
          c.items.map((i) => {
            // A question that passes on No ("does any step need a person at night?") fails on Yes.
            const passesOnNo = i.pass?.includes('no');
            const fail = passesOnNo ? 'yes' : 'no';
            return [i.key, { answer: no.includes(i.key) ? fail : passesOnNo ? 'no' : 'yes', note: `on ${i.key}` }];
          }),
        ),
      ]),
    );
  const review = (title: string, no: string[] = []) =>
    createDocument(db(), {
      actor: author,
      input: {
        template: 'launch-readiness',
        title,
        service: 'checkout',
        fields: {
          launchAt: '2026-12-20T09:00:00Z',
          owners: ['Ana Souza'],
          feature: 'Saved carts',
          contingency: 'Turn off `saved_carts`.',
          ...answers(no),
        },
      },
    });

  beforeAll(async () => {
    app = await createTestApp(db());
    author = await createTestActor(db(), 'editor');
    signers = await Promise.all(template.signoffRoles!.map(() => createTestActor(db(), 'editor')));
    cookie = await app.signIn(author);
  });

  it('every gate met and every role Go is a Go; a failed gate blocks it and names the question', async () => {
    const go = await review('Launch readiness: saved carts');
    await transitionDocument(db(), { actor: author, id: go.id, input: { to: 'in_review', version: go.version } });
    for (const [i, role] of template.signoffRoles!.entries())
      await createSignoff(db(), { actor: signers[i], documentId: go.id, input: { role, decision: 'go', comment: '' } });
    expect((await getLaunchDecision(db(), go.id)).state).toBe('go');

    const blocked = await review('Launch readiness: saved carts, untested rollback', ['rollbackTested']);
    await transitionDocument(db(), { actor: author, id: blocked.id, input: { to: 'in_review', version: blocked.version } });
    for (const [i, role] of template.signoffRoles!.entries())
      await createSignoff(db(), { actor: signers[i], documentId: blocked.id, input: { role, decision: 'go', comment: '' } });
    const d = await getLaunchDecision(db(), blocked.id);
    expect(d.state).not.toBe('go');
    expect(d.reasons.join('\n')).toContain('Was rollback tested?');
  });

  it('the new-review form offers it, the page shows every area, and the PDF prints every question on one line', async () => {
    const form = await app.fetch('/docs/new?template=launch-readiness', { headers: { Cookie: cookie } });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Launch readiness review');
    const doc = await review('Launch readiness: PDF check');
    const page = (await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: cookie } })).text()).replace(/<!-- -->/g, '');
    for (const c of checklists) expect(page).toContain(c.label);
    const pdf = await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: cookie } });
    expect(pdf.status).toBe(200);
    const lines = pdfText(Buffer.from(await pdf.arrayBuffer()), 'layout').split('\n');
    for (const c of checklists)
      for (const i of c.items) {
        const label = i.label.replace(/'/g, '’');
        expect(
          lines.some((l) => l.includes(i.label) || l.includes(label)),
          i.label,
        ).toBe(true);
      }
  });
});
