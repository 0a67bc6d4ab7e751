import type { ActionFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { HttpError } from '~/lib/errors.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { getDocument } from '~/models/document.server';
import { createActionItem } from '~/models/action-item.server';

export const loader = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const doc = await getDocument(context.db, { actor, id: params.id ?? '' });
    return { items: doc.actionItems };
  });

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'editor');
    const doc = await getDocument(context.db, { actor, id: params.id ?? '' });
    const field = doc.template.sections.flatMap((s) => s.fields).find((f) => f.type === 'actions');
    if (!field || field.type !== 'actions') throw new HttpError(422, 'no_actions_field', `Template ${doc.template.key} has no action items field.`);
    if (doc.status === 'published' || doc.status === 'archived') throw new HttpError(409, 'read_only', 'This document is read-only; reopen it as a draft to add action items.');
    const item = await createActionItem(context.db, { actor, documentId: doc.id, fieldKey: field.key, input: await readJson(request), defaultKind: field.kinds[0] });
    return Response.json(item, { status: 201 });
  });
