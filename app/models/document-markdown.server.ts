import { z } from 'zod';
import type { Database } from '../../db/client';
import { documentToMarkdown } from '~/fields/markdown';
import { DOCUMENT_STATUS_LABELS } from '~/lib/labels';
import { importMarkdown, type MarkdownImport } from '~/fields/markdown-import.server';
import { HttpError, forbidden, validationError } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { canEdit, createDocument } from '~/models/document.server';
import { getTemplate } from '~/models/template.server';
import type { Template } from '../../templates/schema';
import { fieldsOfKind } from '~/fields/text';
import { questionBlockerTitle } from '~/models/launch-decision.server';
import type { Actor, DocumentView } from '~/models/types';

/** The whole document as Markdown, header facts first (times in UTC). */
export function documentMarkdown(doc: DocumentView): string {
  const facts: [string, string][] = [
    ['Status', DOCUMENT_STATUS_LABELS[doc.status] ?? doc.status],
    ['Severity', doc.severity ?? ''],
    ['Service', doc.service ?? ''],
    ['Tags', doc.tags.join(', ')],
    ['Template', `${doc.template.title} (${doc.template.key} v${doc.template.version})`],
    ['Author', doc.authorName ?? ''],
    ['Created', utc(doc.createdAt)],
    ['Updated', utc(doc.updatedAt)],
    ...(doc.publishedAt
      ? ([['Published', `${utc(doc.publishedAt)}${doc.publishedBy ? ` by ${doc.publishedBy}` : ''}`]] as [string, string][])
      : []),
  ];
  return documentToMarkdown({ ...doc, facts: facts.filter(([, v]) => v) });
}

const utc = (iso: string) => iso.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}(?:\.\d+)?Z$/, '$1 $2 UTC');

export const ImportMarkdownSchema = z
  .object({
    template: z.union([
      z.string().min(1).max(100),
      z.object({ key: z.string().min(1).max(100), version: z.number().int().positive() }).strict(),
    ]),
    markdown: safeText()
      .max(500_000, 'keep the Markdown under 500,000 characters')
      .refine((s) => s.trim() !== '', 'paste or upload some Markdown'),
    title: safeText().trim().max(300).optional(),
  })
  .strict();

/** What an import would give: the template, the fields read and the report, without writing anything. */
export async function previewMarkdownImport(db: Database, opts: { input: unknown }) {
  const r = ImportMarkdownSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const ref = typeof r.data.template === 'string' ? { key: r.data.template } : r.data.template;
  const template = await getTemplate(db, ref).catch((e) => {
    throw e instanceof HttpError ? new HttpError(400, 'invalid', e.message, [{ path: ['template'], message: e.message }]) : e;
  });
  const read: MarkdownImport = importMarkdown(template, r.data.markdown);
  const title = r.data.title || read.title || 'Imported document';
  return { template, ...read, title };
}

/** A new draft from Markdown; the report says which heading went where and which lines were not taken. */
export async function importMarkdownDocument(db: Database, opts: { actor: Actor; input: unknown }) {
  if (!canEdit(opts.actor)) throw forbidden('Only editors can import documents.');
  const p = await previewMarkdownImport(db, opts);
  const fields = withoutQuestionBlockers(p.template, p.fields);
  const doc = await createDocument(db, {
    actor: opts.actor,
    input: { template: { key: p.template.key, version: p.template.version }, title: p.title.slice(0, 300), ...p.meta, fields },
  });
  return { doc, report: p.report };
}

/**
 * A "No" answer opens its blocker item by itself (syncQuestionBlockers); the exported copy of that item is left out
 * so the draft does not get it twice.
 */
function withoutQuestionBlockers(template: Template, fields: Record<string, unknown>): Record<string, unknown> {
  const titles = new Set(
    fieldsOfKind(template, 'checklist').flatMap((f) => {
      const answers = (fields[f.key] ?? {}) as Record<string, { answer?: string | null }>;
      return f.items.filter((i) => answers[i.key]?.answer === 'no').map((i) => questionBlockerTitle(i.label));
    }),
  );
  if (!titles.size) return fields;
  const out = { ...fields };
  for (const f of fieldsOfKind(template, 'actions'))
    if (Array.isArray(out[f.key])) out[f.key] = (out[f.key] as { title: string }[]).filter((r) => !titles.has(r.title));
  return out;
}
