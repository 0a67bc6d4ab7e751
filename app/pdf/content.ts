import type { DocumentView } from '~/models/types';

/**
 * What a PDF shows, as data: the document view plus its launch decision. The cache key is a hash of exactly this (and
 * the renderer revision), so a PDF can only be served for the content it was drawn from.
 */
export type PdfDecision = NonNullable<DocumentView['decision']>;
/** A link the PDF prints: only to published documents, so the same PDF is right for every reader. */
export type PdfLink = { label: string; title: string; status: string };
/** An ended launch meeting the certificate prints: when, who attended, the decision recorded. */
export type PdfMeeting = { startedAt: string; endedAt: string; attendees: string[]; decision: string; discussed: number };
export type PdfDocument = DocumentView & { decision?: PdfDecision | null; links?: PdfLink[]; meetings?: PdfMeeting[] };

/**
 * Bumped whenever the renderer draws the same content differently (layout, fonts, footer), so PDFs stored by an older
 * renderer are not served again. 2: capital E kept after composite glyphs, emoji drawn, "as of" footer, certificate. 3: fields drawn by the field-kind registry (rich text holding only a rule is no longer "—"). 4: checklist answers with who answered and evidence; waivers on the certificate. 5: the digest draws its trends (charts and their tables).
 */
export const PDF_RENDERER_REVISION = 5;

/** The time of the last change to anything the PDF shows: the document, an action item, a sign-off. */
export function lastChangeAt(doc: DocumentView): Date {
  let last = Date.parse(doc.updatedAt) || 0;
  for (const a of doc.actionItems) last = Math.max(last, Date.parse(a.updatedAt) || 0);
  for (const s of doc.signoffs) last = Math.max(last, Date.parse(s.createdAt) || 0);
  const changedAt = doc.decision?.changedAt;
  if (changedAt) last = Math.max(last, Date.parse(changedAt) || 0);
  return new Date(last);
}

/** The latest of several documents' last changes (a digest). */
export function lastChangeOf(docs: DocumentView[]): Date {
  return new Date(Math.max(0, ...docs.map((d) => lastChangeAt(d).getTime())));
}
