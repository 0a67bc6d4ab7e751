import { templateFields } from '../../templates/schema';
import type { DocumentView, TimelineEntry } from '../models/types';
import { checkBlameless } from './blameless';
import { docToPlainText } from './richtext/text';

export type DocumentFinding = { field: string; label: string; rule: string; phrase: string; message: string; suggestion: string };

/** The names a blameless check should treat as people: every `people` field of the document. */
export function peopleOf(doc: Pick<DocumentView, 'template' | 'fields'>): string[] {
  return templateFields(doc.template)
    .filter((f) => f.type === 'people')
    .flatMap((f) => (Array.isArray(doc.fields[f.key]) ? (doc.fields[f.key] as string[]) : []));
}

/** Blameless findings over every text, rich-text and timeline field, in template order. */
export function documentBlamelessFindings(doc: Pick<DocumentView, 'template' | 'fields'>): DocumentFinding[] {
  const people = peopleOf(doc);
  const out: DocumentFinding[] = [];
  for (const f of templateFields(doc.template)) {
    const v = doc.fields[f.key];
    const texts =
      f.type === 'richtext' ? [docToPlainText(v)] : f.type === 'text' && typeof v === 'string' ? [v] : f.type === 'timeline' && Array.isArray(v) ? (v as TimelineEntry[]).map((e) => e.text) : [];
    for (const t of texts)
      for (const x of checkBlameless(t, { people })) out.push({ field: f.key, label: f.label, rule: x.rule, phrase: x.phrase, message: x.message, suggestion: x.suggestion });
  }
  return out;
}
