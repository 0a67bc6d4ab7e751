import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, getDocument, updateDocument } from '../../app/models/document.server';
import { updateActionItem } from '../../app/models/action-item-change.server';
import { saveDocumentEdit, type EditForm } from '../../app/models/document-edit.server';
import type { HttpError } from '../../app/lib/errors.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('document edits: row changes and unknown bases', (db) => {
  let editor: Actor;
  beforeAll(async () => {
    editor = await createTestActor(db(), 'editor');
  });

  it('row edits touch only the rows they name, and refuse a row changed since they were computed', async () => {
    const doc = await createDocument(db(), {
      actor: editor,
      input: rcaInput({ fields: { nextSteps: [{ title: 'One' }, { title: 'Two' }] } }),
    });
    const [one, two] = doc.actionItems;
    await updateActionItem(db(), { actor: editor, id: two.id, input: { version: two.version, status: 'done' } });
    // (an action-item write is itself a new document version)
    const current = (await getDocument(db(), { actor: editor, id: doc.id })).version;
    const stale = await updateDocument(db(), {
      actor: editor,
      id: doc.id,
      input: { version: current },
      actionEdits: { nextSteps: { create: [], update: [{ id: two.id, version: two.version, changes: { owner: 'Ada' } }], remove: [] } },
    }).catch((e: HttpError) => e);
    expect((stale as HttpError).status).toBe(409);
    expect((await getDocument(db(), { actor: editor, id: doc.id })).version).toBe(current); // nothing written

    await updateDocument(db(), {
      actor: editor,
      id: doc.id,
      input: { version: current },
      actionEdits: {
        nextSteps: {
          create: [{ title: 'Three', kind: 'detect', owner: null, dueDate: null, status: 'open', url: null }],
          update: [{ id: one.id, version: one.version, changes: { owner: 'Grace' } }],
          remove: [],
        },
      },
    });
    const after = await getDocument(db(), { actor: editor, id: doc.id });
    expect(after.actionItems.map((a) => [a.title, a.owner, a.status])).toEqual([
      ['One', 'Grace', 'open'],
      ['Two', null, 'done'],
      ['Three', null, 'open'],
    ]);
  });

  it('a form whose starting version has no revision is never saved over: every difference is asked', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput() });
    const form: EditForm = {
      version: 99,
      meta: { title: 'Changed title', severity: 'SEV2', service: 'mailer', tags: 'queue, email' },
      raw: { environment: 'production' },
      actionRows: {},
      conflicts: [],
      resolve: {},
    };
    const out = await saveDocumentEdit(db(), { actor: editor, id: doc.id, form });
    expect(out.kind).toBe('merge');
    if (out.kind !== 'merge') return;
    expect(out.conflicts).toContain('title');
    expect(out.conflicts).not.toContain('environment');
    expect((await getDocument(db(), { actor: editor, id: doc.id })).version).toBe(1);
  });

  it('a live page: a stale save that merges cleanly is saved; its severity, service and tags are based on the loaded version', async () => {
    const doc = await createDocument(db(), { actor: editor, input: rcaInput() }); // v1: SEV2, mailer, production
    const other = await createTestActor(db(), 'editor');
    // Someone else saves v2 (a live fold, or a form): severity and environment change.
    await updateDocument(db(), { actor: other, id: doc.id, input: { version: 1, severity: 'SEV1', fields: { environment: 'staging' } } });
    const meta = { title: doc.title, severity: 'SEV2', service: 'mailer, live', tags: 'queue, email' };
    const plain: EditForm = { version: 1, meta, raw: { environment: 'production' }, actionRows: {}, conflicts: [], resolve: {} };
    // The plain form, stale: shown its merge for review first, nothing saved.
    expect((await saveDocumentEdit(db(), { actor: editor, id: doc.id, form: plain })).kind).toBe('merge');
    expect((await getDocument(db(), { actor: editor, id: doc.id })).version).toBe(2);
    // The live page has caught up with v2 (its live field shows "staging"), but its severity input is still the SEV2
    // it was loaded with at v1: saved at once, with this person's service and the other person's SEV1 kept.
    const live: EditForm = { ...plain, version: 2, raw: { environment: 'staging' }, live: true, loadedVersion: 1 };
    const out = await saveDocumentEdit(db(), { actor: editor, id: doc.id, form: live });
    expect(out.kind).toBe('saved');
    const after = await getDocument(db(), { actor: editor, id: doc.id });
    expect([after.version, after.severity, after.service, after.fields.environment]).toEqual([3, 'SEV1', 'mailer, live', 'staging']);
    // A live page that changed a field someone else changed too is still asked.
    await updateDocument(db(), { actor: other, id: doc.id, input: { version: 3, fields: { environment: 'eu-west-1' } } });
    const clash: EditForm = { ...live, version: 3, loadedVersion: 3, raw: { environment: 'us-east-1' } };
    const asked = await saveDocumentEdit(db(), { actor: editor, id: doc.id, form: clash });
    expect(asked.kind === 'merge' && asked.conflicts).toEqual(['environment']);
    expect((await getDocument(db(), { actor: editor, id: doc.id })).fields.environment).toBe('eu-west-1');
  });
});
