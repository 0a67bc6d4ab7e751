import { type Template, templateFields } from '../../templates/schema';
import { factMinutes, roleField, roleInstant } from '../../templates/roles';
import { parseInstant } from '~/lib/time';
import type { FieldValues } from '~/models/types';
import { fieldStrictIssues, valueLayerOf } from '~/fields/values.server';
import { fieldSearchText, valueOf } from '~/fields/text';
import { categoriesOf } from '~/fields/factors/text';

// Field values of a whole document: each kind's part (lenient schema, strict check, texts) is in the field-kind
// registry (app/fields); these functions walk a template's fields and ask it.

/**
 * Parse a partial set of raw field values (from a form or the API). Keys set to null or '' clear
 * the field. Returns clean values, or the issues with paths like ['fields', key, …].
 */
export function parseFieldValues(
  template: Template,
  raw: unknown,
): { ok: true; values: FieldValues; cleared: string[] } | { ok: false; issues: { path: (string | number)[]; message: string }[] } {
  if (raw === undefined) return { ok: true, values: {}, cleared: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, issues: [{ path: ['fields'], message: 'fields must be an object keyed by field key' }] };
  const byKey = new Map(templateFields(template).map((f) => [f.key, f]));
  const values: FieldValues = {};
  const cleared: string[] = [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const [key, v] of Object.entries(raw)) {
    const field = byKey.get(key);
    if (!field) {
      issues.push({ path: ['fields', key], message: `"${key}" is not a field of template ${template.key} v${template.version}` });
      continue;
    }
    const layer = valueLayerOf(field);
    if (layer.input === 'computed') {
      issues.push({ path: ['fields', key], message: `"${key}" is computed and cannot be set` });
      continue;
    }
    if (layer.input === 'rows') continue; // handled as action items by the caller
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0 && layer.emptyListClears !== false)) {
      cleared.push(key);
      continue;
    }
    const r = layer.input(field).safeParse(v);
    if (!r.success) for (const i of r.error.issues) issues.push({ path: ['fields', key, ...i.path.map(String)], message: i.message });
    else values[key] = r.data;
  }
  return issues.length ? { ok: false, issues } : { ok: true, values, cleared };
}

/** Strict checks for in review / published: every problem at once, with the field it belongs to. */
export function strictIssues(
  template: Template,
  doc: { title: string; fields: FieldValues; actionCounts: Record<string, number> },
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (!doc.title.trim()) issues.push({ path: ['title'], message: 'Add a title.' });
  for (const f of templateFields(template))
    issues.push(...fieldStrictIssues(f, { fields: doc.fields }, { actionCounts: doc.actionCounts }));
  for (const r of template.rules) {
    const a = doc.fields[r.field];
    const b = doc.fields[r.other];
    if (typeof a === 'string' && typeof b === 'string' && a < b)
      issues.push({ path: ['fields', r.field], message: r.message ?? `${r.field} cannot be before ${r.other}.` });
  }
  return issues;
}

export { computeFacts } from '~/fields/computed/facts';

export function searchTextOf(template: Template, doc: { fields: FieldValues; tags: string[]; actionTitles: string[] }): string {
  const parts = templateFields(template).map((f) => fieldSearchText(f, doc));
  return [...doc.tags, ...parts, ...doc.actionTitles].filter(Boolean).join('\n').slice(0, 500_000);
}

/** One labelled part of a document's text: the library shows its best-matching section as the snippet. */
export type SearchSection = { label: string; text: string };

/** Kinds whose text is values (instants, dates, minutes), not words a reader searches for. */
const VALUE_KINDS = new Set(['datetime', 'date', 'computed']);
const SECTION_MAX = 20_000;

/** A text's first paragraph, cut at a word boundary to at most `max` characters. */
export function firstParagraph(text: string, max = 320): string {
  const para = (text.split(/\n\s*\n|\n/).find((l) => l.trim()) ?? '').trim().replace(/\s+/g, ' ');
  if (para.length <= max) return para;
  const cut = para.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/**
 * What library search reads besides the full text: `searchKey` (tags and the template's `cause` role, weighted
 * above other text), `searchSections` (each section's words with its title, for the snippet) and `summary` (the
 * first paragraph of the `summary` role, else of the first rich-text field: what a result shows without a query).
 */
export function searchParts(
  template: Template,
  doc: { fields: FieldValues; tags: string[]; actionTitles: string[] },
): { searchKey: string; searchSections: SearchSection[]; summary: string } {
  const sections: SearchSection[] = [];
  for (const section of template.sections) {
    for (const f of section.fields) {
      if (VALUE_KINDS.has(f.type)) continue;
      let text = fieldSearchText(f, doc).trim();
      if (f.type === 'actions' && doc.actionTitles.length) text = [text, ...doc.actionTitles].filter(Boolean).join('\n');
      if (!text) continue;
      const label = section.fields.length === 1 ? section.title : f.label;
      sections.push({ label, text: text.slice(0, SECTION_MAX) });
    }
  }
  const cause = roleField(template, 'cause');
  const causeText = cause ? fieldSearchText(cause, doc) : '';
  const summaryField = roleField(template, 'summary') ?? templateFields(template).find((f) => f.type === 'richtext');
  return {
    searchKey: [...doc.tags, causeText].filter(Boolean).join('\n').slice(0, 50_000),
    searchSections: sections,
    summary: summaryField ? firstParagraph(fieldSearchText(summaryField, doc)) : '',
  };
}

/**
 * The real columns that queries (the list's date filters, Launches, Insights) read, filled from the template's
 * roles: a template with its own field keys lands in the same columns as a built-in.
 */
export function roleColumns(template: Template, fields: FieldValues, computed: Record<string, number | null>) {
  const at = (role: 'start' | 'detection' | 'end' | 'launch' | 'success') => {
    const iso = roleInstant(template, fields, role);
    return iso ? new Date(iso) : null;
  };
  return {
    startedAt: at('start'),
    detectedAt: at('detection'),
    endedAt: at('end'),
    launchAt: at('launch'),
    successAt: at('success'),
    impactMinutes: factMinutes(template, computed, 'impact'),
    timeToDetectMinutes: factMinutes(template, computed, 'timeToDetect'),
    timeToResolveMinutes: factMinutes(template, computed, 'timeToResolve'),
    factorCategories: factorCategoriesOf(template, fields),
  };
}

/** The categories of the `factors` role's field, else of every factors field: what the library filters on. */
export function factorCategoriesOf(template: Template, fields: FieldValues): string[] {
  const role = roleField(template, 'factors');
  const holders = role ? [role] : templateFields(template).filter((f) => f.type === 'factors');
  return categoriesOf(holders.flatMap((f) => (f.type === 'factors' ? (valueOf(f, { fields }) ?? []) : [])));
}

/** Advisory warnings about posted times (e.g. CST used in June), keyed by field. */
export function datetimeWarnings(template: Template, raw: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of templateFields(template)) {
    const v = raw[f.key];
    const texts = v === undefined ? [] : (valueLayerOf(f).postedInstants?.(v) ?? []);
    for (const t of texts) {
      if (typeof t !== 'string' || !t.trim()) continue;
      const r = parseInstant(t);
      if (r.ok && r.warnings.length) (out[f.key] ??= []).push(...r.warnings.map((w) => `${t}: ${w}`));
    }
  }
  return out;
}
