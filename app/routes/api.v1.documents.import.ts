import type { ActionFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { importMarkdownDocument } from '~/models/document-markdown.server';

/** POST /api/v1/documents/import — `{template, markdown, title?}` → 201 with the new draft's id and the import report. */
export const action = ({ request, context }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['POST']);
    const actor = await requireApiActor(request, context, 'editor');
    const { doc, report } = await importMarkdownDocument(context.db, { actor, input: await readJson(request) });
    return Response.json(
      {
        id: doc.id,
        title: doc.title,
        template: { key: doc.template.key, version: doc.template.version },
        links: { html: `/docs/${doc.id}`, api: `/api/v1/documents/${doc.id}` },
        report,
      },
      { status: 201, headers: { Location: `/api/v1/documents/${doc.id}` } },
    );
  });

export const loader = () =>
  api(async () => {
    throw methodNotAllowed(['POST']);
  });
