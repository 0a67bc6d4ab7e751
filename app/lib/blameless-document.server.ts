import { templateFields } from '../../templates/schema';
import type { DocumentView } from '~/models/types';
import { fieldBlamelessTexts, fieldsOfKind, valueOf } from '~/fields/text';
import { checkBlameless } from '~/lib/blameless';

export type DocumentFinding = { field: string; label: string; rule: string; phrase: string; message: string; suggestion: string };

/** The names a blameless check should treat as people: every `people` field of the document. */
export function peopleOf(doc: Pick<DocumentView, 'template' | 'fields'>): string[] {
  return fieldsOfKind(doc.template, 'people').flatMap((f) => valueOf(f, doc) ?? []);
}

/** Blameless findings over the prose of every field (each kind says which: app/fields/<kind>/text.ts), in template order. */
export function documentBlamelessFindings(doc: Pick<DocumentView, 'template' | 'fields'>): DocumentFinding[] {
  const people = peopleOf(doc);
  const out: DocumentFinding[] = [];
  for (const f of templateFields(doc.template)) {
    for (const t of fieldBlamelessTexts(f, doc))
      for (const x of checkBlameless(t, { people }))
        out.push({ field: f.key, label: f.label, rule: x.rule, phrase: x.phrase, message: x.message, suggestion: x.suggestion });
  }
  return out;
}
