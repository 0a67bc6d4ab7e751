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
});
