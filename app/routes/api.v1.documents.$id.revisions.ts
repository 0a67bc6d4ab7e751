import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiActor } from '~/lib/auth.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { diffRevisions, listRevisions } from '~/models/revision.server';

/** `GET /documents/:id/revisions`; with `?from=&to=` also the field-by-field diff between those two. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  api(async () => {
    const actor = await requireApiActor(request, context, 'viewer');
    const documentId = params.id ?? '';
    const items = await listRevisions(context.db, { actor, documentId });
    const q = new URL(request.url).searchParams;
    const body: Record<string, unknown> = {
      items: items.map((r) => ({ version: r.version, at: r.at, by: r.by, event: r.event, note: r.note, changed: r.changed })),
    };
    if (q.has('from') || q.has('to')) {
      const d = await diffRevisions(context.db, { actor, documentId, range: { from: q.get('from'), to: q.get('to') } });
      body.diff = {
        from: d.from,
        to: d.to,
        fields: d.fields.map((f) => ({ key: f.key, label: f.label, before: f.before, after: f.after, lines: f.lines })),
      };
    }
    return body;
  });

export const action = () =>
  api(async () => {
    throw methodNotAllowed(['GET']);
  });
