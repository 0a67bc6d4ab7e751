import type { LoaderFunctionArgs } from '@remix-run/node';
import { clientIp, requireSession } from '~/lib/auth.server';
import { enforcePdfExportLimits } from '~/lib/rate-limit.server';
import { HttpError } from '~/lib/errors.server';
import { formatUtc } from '~/lib/time';
import { DocumentFilterSchema, listDocuments } from '~/models/document-list.server';
import { loadDocuments } from '~/models/document.server';
import { pdfDownload, pdfErrorResponse } from '~/lib/pdf-response.server';
import { withPdfShare } from '~/pdf/admission.server';
import { getOrRenderDigest } from '~/pdf/cache.server';
import { PdfRenderError } from '~/pdf/pool.server';
import type { Actor, DocumentView } from '~/models/types';
import { roleInstant } from '../../templates/roles';
import type { Database } from '../../db/client';

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
  await enforcePdfExportLimits(context, { userId: actor.id, address: clientIp(request, context), format: 'text' });
  try {
    // The whole request (reading up to 50 documents, then rendering) counts against the user's share, so a flood of
    // digests from one user is refused at once instead of holding the database and the renderers.
    return await withPdfShare(actor.id, () => digest(request, context.db, actor));
  } catch (e) {
    if (e instanceof PdfRenderError) return pdfErrorResponse(e, 'text', 'the digest');
    throw e;
  }
}

async function digest(request: Request, db: Database, actor: Actor): Promise<Response> {
  const params = new URL(request.url).searchParams;
  // The period is checked whatever selects the documents (with ?ids= too): it is printed on the cover.
  const period = DocumentFilterSchema.pick({ from: true, to: true }).safeParse({
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
  });
  if (!period.success)
    return textError(400, `The period is not valid: ${period.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  let docs: DocumentView[];
  try {
    const ids = params
      .getAll('ids')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
    if (ids.length) {
      if (ids.length > MAX_DOCUMENTS) return textError(400, `Choose at most ${MAX_DOCUMENTS} documents for one digest.`);
      if (!ids.every((id) => UUID.test(id))) return textError(400, 'The selection holds an id that is not a document id.');
      docs = await loadDocuments(db, { actor, ids });
    } else {
      const parsed = DocumentFilterSchema.safeParse({ ...Object.fromEntries(params), limit: String(MAX_DOCUMENTS), cursor: undefined });
      if (!parsed.success)
        return textError(400, `The filter is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const page = await listDocuments(db, { actor, filter: parsed.data });
      if (page.nextCursor)
        return textError(400, `More than ${MAX_DOCUMENTS} documents match; narrow the filter (status, severity, dates) and try again.`);
      docs = await loadDocuments(db, { actor, ids: page.items.map((d) => d.id) });
    }
  } catch (e) {
    if (e instanceof HttpError) return textError(e.status, e.message);
    throw e;
  }
  if (!docs.length) return textError(404, 'No documents match; there is nothing to put in a digest.');
  const starts = docs
    .map((d) => roleInstant(d.template, d.fields, 'start') ?? roleInstant(d.template, d.fields, 'launch') ?? d.createdAt)
    .sort();
  const from = period.data.from?.toISOString() ?? starts[0];
  const to = period.data.to?.toISOString() ?? starts[starts.length - 1];
  const periodText = `${formatUtc(new Date(from))} to ${formatUtc(new Date(to))}`;
  const result = await getOrRenderDigest(db, docs, { title: 'Kaizen digest', period: periodText, owner: actor.id });
  return pdfDownload(result, `kaizen-digest-${result.asOf.toISOString().slice(0, 10)}.pdf`);
}
