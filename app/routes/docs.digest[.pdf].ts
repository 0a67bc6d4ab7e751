import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireSession } from '~/lib/auth.server';
import { HttpError } from '~/lib/errors.server';
import { formatUtc } from '~/lib/time';
import { DocumentFilterSchema, listDocuments } from '~/models/document-list.server';
import { getDocument } from '~/models/document.server';
import { getPdfPool, PdfRenderError } from '~/pdf/pool.server';
import type { DocumentView } from '~/models/types';

const MAX_DOCUMENTS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function textError(status: number, message: string) {
  return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * GET /docs/digest.pdf?<the list's filters> or ?ids=a,b,c — one PDF for leadership: a cover page
 * (period, counts by severity, impact, action-item completion), contents, one section per document.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const params = new URL(request.url).searchParams;
  // The period is checked whatever selects the documents (with ?ids= too): it is printed on the cover.
  const period = DocumentFilterSchema.pick({ from: true, to: true }).safeParse({ from: params.get('from') ?? undefined, to: params.get('to') ?? undefined });
  if (!period.success) return textError(400, `The period is not valid: ${period.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  let docs: DocumentView[];
  try {
    const ids = params.getAll('ids').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    if (ids.length) {
      if (ids.length > MAX_DOCUMENTS) return textError(400, `Choose at most ${MAX_DOCUMENTS} documents for one digest.`);
      if (!ids.every((id) => UUID.test(id))) return textError(400, 'The selection holds an id that is not a document id.');
      docs = await Promise.all(ids.map((id) => getDocument(context.db, { actor, id })));
    } else {
      const parsed = DocumentFilterSchema.safeParse({ ...Object.fromEntries(params), limit: String(MAX_DOCUMENTS), cursor: undefined });
      if (!parsed.success) return textError(400, `The filter is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const page = await listDocuments(context.db, { actor, filter: parsed.data });
      if (page.nextCursor) return textError(400, `More than ${MAX_DOCUMENTS} documents match; narrow the filter (status, severity, dates) and try again.`);
      docs = await Promise.all(page.items.map((d) => getDocument(context.db, { actor, id: d.id })));
    }
  } catch (e) {
    if (e instanceof HttpError) return textError(e.status, e.message);
    throw e;
  }
  if (!docs.length) return textError(404, 'No documents match; there is nothing to put in a digest.');
  const starts = docs.map((d) => (d.fields.startedAt as string | undefined) ?? d.createdAt).sort();
  const from = period.data.from?.toISOString() ?? starts[0];
  const to = period.data.to?.toISOString() ?? starts[starts.length - 1];
  try {
    const bytes = await getPdfPool().renderDigest(docs, { title: 'Kaizen digest', period: `${formatUtc(new Date(from))} to ${formatUtc(new Date(to))}` });
    return new Response(new Uint8Array(bytes), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="kaizen-digest-${new Date().toISOString().slice(0, 10)}.pdf"`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (e) {
    if (e instanceof PdfRenderError) return textError(e.code === 'timeout' ? 504 : 503, `The digest could not be rendered (${e.code}). Try fewer documents or try again.`);
    throw e;
  }
}
