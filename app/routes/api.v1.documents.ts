import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { validationError } from '~/lib/errors.server';
import { api, methodNotAllowed, readJson } from '~/lib/route.server';
import { createDocument } from '~/models/document.server';
import { DocumentFilterSchema, listDocuments } from '~/models/document-list.server';
import { toApiDocument } from '~/models/api-document.server';

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const r = DocumentFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!r.success) throw validationError(r.error, ['query']);
    const page = await listDocuments(context.db, { actor, filter: r.data });
    return {
      items: page.items.map(
        ({ id, title, kind, status, severity, service, tags, startedAt, snippet, snippetSection, snippetMarks, rank, matched }) => ({
          id,
          title,
          kind,
          status,
          severity,
          service,
          tags,
          startedAt,
          snippet,
          snippetSection,
          snippetMarks,
          rank,
          matched,
        }),
      ),
      nextCursor: page.nextCursor,
      terms: page.terms,
    };
  });

export const action = ({ request, context }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    const actor = await requireApiActor(request, context, 'editor');
    const doc = await createDocument(context.db, { actor, input: await readJson(request) });
    return Response.json(toApiDocument(doc), { status: 201, headers: { Location: `/api/v1/documents/${doc.id}` } });
  });
