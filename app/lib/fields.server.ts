import { z } from 'zod';
import { safeText, unstorableIssues } from './safe-text';
import { type Field, type Template, TIMELINE_MARKERS, templateFields } from '../../templates/schema';
import { factMinutes, roleInstant } from '../../templates/roles';
import { isIsoDate, minutesBetween, parseInstant } from './time';
import { parseRichText, isEmptyRichText } from './richtext/schema.server';
import { docToPlainText } from './richtext/text';
import type { ChecklistAnswer, FieldValues, LinkValue, TimelineEntry } from '../models/types';

/**
 * Field value schemas derived from a template: one place per field type. `draft` is lenient
 * (anything may be missing); `strict` (in review, published) requires what the template requires.
 */
export type FieldMode = 'draft' | 'strict';

const MAX_TEXT = 20_000;

const instantSchema = safeText().transform((s, ctx) => {
  const r = parseInstant(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  }
  return r.iso;
});

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const safeUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^(https?:\/\/|mailto:)/i.test(u) && URL.canParse(u), 'use a full http(s):// or mailto: address');

const linkSchema = z.union([
  safeUrl.transform((url): LinkValue => ({ url })),
  z.object({ url: safeUrl, label: safeText().trim().max(300).optional() }).transform((l): LinkValue => (l.label ? { url: l.url, label: l.label } : { url: l.url })),
]);

const timelineEntrySchema = z.object({
  at: instantSchema,
  text: safeText().trim().min(1, 'describe the event').max(5000),
  marker: z.preprocess(emptyToUndefined, z.enum(TIMELINE_MARKERS).optional()),
});

const checklistAnswerSchema = z.object({
  answer: z.preprocess(emptyToUndefined, z.enum(['yes', 'no', 'na']).optional()).transform((a) => a ?? null),
  note: safeText().max(5000).default(''),
});

function valueSchema(field: Field): z.ZodType<unknown> | null {
  switch (field.type) {
    case 'text':
      return safeText().max(field.maxLength ?? MAX_TEXT).transform((s) => (field.multiline ? s.replace(/\r\n/g, '\n') : s.trim()));
    case 'richtext':
      return z.unknown().transform((v, ctx) => {
        const r = parseRichText(v);
        if (!r.ok) {
          ctx.addIssue({ code: 'custom', message: r.message });
          return z.NEVER;
        }
        // Checked after parsing: a JSON string input writes NUL as the escape "\u0000".
        const bad = unstorableIssues(r.doc);
        if (bad.length) {
          for (const i of bad) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
          return z.NEVER;
        }
        return r.doc;
      });
    case 'datetime':
      return instantSchema;
    case 'date':
      return safeText().trim().refine(isIsoDate, 'use a date like 2016-06-15');
    case 'select':
      return z.enum(field.options.map((o) => o.value) as [string, ...string[]]);
    case 'people':
      return z
        .union([z.string().transform((s) => s.split(/[\n,;]/)), z.array(z.string())]) // text checked by the pipe below
        .transform((a) => a.map((p) => p.trim()).filter(Boolean))
        .pipe(z.array(safeText().max(200)).max(100));
    case 'links':
      return z
        .union([z.string().transform((s) => s.split('\n').map((l) => l.trim()).filter(Boolean).map(splitLinkLine)), z.array(z.unknown())])
        .pipe(z.array(linkSchema).max(100));
    case 'timeline':
      return z
        .array(timelineEntrySchema)
        .max(5000)
        .transform((entries) => sortTimeline(entries as TimelineEntry[]));
    case 'checklist': {
      const keys = field.items.map((i) => i.key);
      return z
        .record(safeText(), checklistAnswerSchema)
        .superRefine((rec, ctx) => {
          for (const k of Object.keys(rec)) if (!keys.includes(k)) ctx.addIssue({ code: 'custom', path: [k], message: `unknown checklist item "${k}"` });
        })
        .transform((rec) => Object.fromEntries(keys.filter((k) => rec[k]).map((k) => [k, rec[k] as ChecklistAnswer])));
    }
    case 'actions':
    case 'computed':
      return null;
  }
}

function splitLinkLine(line: string): unknown {
  const m = /^(.*?)\s*\|\s*(\S+)$/.exec(line);
  return m && m[1] ? { label: m[1], url: m[2] } : line;
}

export function sortTimeline(entries: TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i))
    .map(({ e }) => (e.marker ? { at: e.at, text: e.text, marker: e.marker } : { at: e.at, text: e.text }));
}

/** Whether a stored value counts as filled in for a required-field check. */
export function isFilled(field: Field, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  switch (field.type) {
    case 'richtext':
      return !isEmptyRichText(value);
    case 'people':
    case 'links':
    case 'timeline':
      return Array.isArray(value) && value.length > 0;
    case 'checklist':
      return field.items.every((i) => (value as Record<string, ChecklistAnswer>)[i.key]?.answer);
    default:
      return typeof value === 'string' ? value.trim() !== '' : true;
  }
}

/**
 * Parse a partial set of raw field values (from a form or the API). Keys set to null or '' clear
 * the field. Returns clean values, or the issues with paths like ['fields', key, …].
 */
export function parseFieldValues(
  template: Template,
  raw: unknown,
): { ok: true; values: FieldValues; cleared: string[] } | { ok: false; issues: { path: (string | number)[]; message: string }[] } {
  if (raw === undefined) return { ok: true, values: {}, cleared: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, issues: [{ path: ['fields'], message: 'fields must be an object keyed by field key' }] };
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
    if (field.type === 'computed') {
      issues.push({ path: ['fields', key], message: `"${key}" is computed and cannot be set` });
      continue;
    }
    if (field.type === 'actions') continue; // handled as action items by the caller
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0 && field.type !== 'timeline')) {
      cleared.push(key);
      continue;
    }
    const schema = valueSchema(field)!;
    const r = schema.safeParse(v);
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
  for (const f of templateFields(template)) {
    if (!f.required) continue;
    if (f.type === 'actions') {
      if (!doc.actionCounts[f.key]) issues.push({ path: ['fields', f.key], message: `Add at least one item to ${f.label}.` });
    } else if (f.type === 'timeline') {
      if (!isFilled(f, doc.fields[f.key])) issues.push({ path: ['fields', f.key], message: `Add at least one entry to ${f.label}.` });
    } else if (f.type === 'checklist') {
      const answers = (doc.fields[f.key] ?? {}) as Record<string, ChecklistAnswer>;
      for (const item of f.items)
        if (!answers[item.key]?.answer) issues.push({ path: ['fields', f.key, item.key], message: `Answer "${item.label}".` });
    } else if (f.type !== 'computed' && !isFilled(f, doc.fields[f.key])) {
      issues.push({ path: ['fields', f.key], message: `${f.label} is required.` });
    }
  }
  for (const r of template.rules) {
    const a = doc.fields[r.field];
    const b = doc.fields[r.other];
    if (typeof a === 'string' && typeof b === 'string' && a < b)
      issues.push({ path: ['fields', r.field], message: r.message ?? `${r.field} cannot be before ${r.other}.` });
  }
  return issues;
}

/** Computed facts keyed by each computed field's `output`. */
export function computeFacts(template: Template, fields: FieldValues): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const f of templateFields(template)) {
    if (f.type !== 'computed') continue;
    const from = fields[f.formula.from];
    let to: unknown;
    if (f.formula.op === 'duration') to = fields[f.formula.to];
    else {
      const formula = f.formula;
      to = formula.prefer ? fields[formula.prefer] : undefined;
      if (typeof to !== 'string') {
        const entries = (fields[formula.timeline] ?? []) as TimelineEntry[];
        to = entries.find((e) => e.marker === formula.marker)?.at;
      }
    }
    out[f.output] = typeof from === 'string' && typeof to === 'string' && to >= from ? minutesBetween(from, to) : null;
  }
  return out;
}

/** Plain text of every field in template order, for search indexing and diffs. */
export function fieldText(field: Field, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (field.type) {
    case 'richtext':
      return docToPlainText(value);
    case 'people':
      return (value as string[]).join(', ');
    case 'links':
      return (value as LinkValue[]).map((l) => (l.label ? `${l.label} ${l.url}` : l.url)).join('\n');
    case 'timeline':
      return (value as TimelineEntry[]).map((e) => `${e.at} ${e.marker ? `[${e.marker}] ` : ''}${e.text}`).join('\n');
    case 'checklist':
      return field.items
        .map((i) => {
          const a = (value as Record<string, ChecklistAnswer>)[i.key];
          return a ? `${i.label} ${a.answer ?? ''} ${a.note}`.trim() : '';
        })
        .filter(Boolean)
        .join('\n');
    case 'select':
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

export function searchTextOf(template: Template, doc: { fields: FieldValues; tags: string[]; actionTitles: string[] }): string {
  const parts = templateFields(template).map((f) => fieldText(f, doc.fields[f.key]));
  return [...doc.tags, ...parts, ...doc.actionTitles].filter(Boolean).join('\n').slice(0, 500_000);
}

/**
 * The real columns that queries (the list's date filters, Launches, Insights) read, filled from the template's
 * roles: a template with its own field keys lands in the same columns as a built-in.
 */
export function roleColumns(template: Template, fields: FieldValues, computed: Record<string, number | null>) {
  const at = (role: 'start' | 'detection' | 'end' | 'launch') => {
    const iso = roleInstant(template, fields, role);
    return iso ? new Date(iso) : null;
  };
  return {
    startedAt: at('start'),
    detectedAt: at('detection'),
    endedAt: at('end'),
    launchAt: at('launch'),
    impactMinutes: factMinutes(template, computed, 'impact'),
    timeToDetectMinutes: factMinutes(template, computed, 'timeToDetect'),
    timeToResolveMinutes: factMinutes(template, computed, 'timeToResolve'),
  };
}

/** Advisory warnings about posted times (e.g. CST used in June), keyed by field. */
export function datetimeWarnings(template: Template, raw: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of templateFields(template)) {
    const v = raw[f.key];
    const texts = f.type === 'datetime' && typeof v === 'string' ? [v] : f.type === 'timeline' && Array.isArray(v) ? v.map((e) => (e as { at?: unknown }).at) : [];
    for (const t of texts) {
      if (typeof t !== 'string' || !t.trim()) continue;
      const r = parseInstant(t);
      if (r.ok && r.warnings.length) (out[f.key] ??= []).push(...r.warnings.map((w) => `${t}: ${w}`));
    }
  }
  return out;
}
