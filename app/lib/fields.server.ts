import { type Template, templateFields } from '../../templates/schema';
import { factMinutes, roleInstant } from '../../templates/roles';
import { parseInstant } from '~/lib/time';
import type { FieldValues } from '~/models/types';
import { fieldStrictIssues, valueLayerOf } from '~/fields/values.server';
import { fieldSearchText } from '~/fields/text';

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
    const texts = v === undefined ? [] : (valueLayerOf(f).postedInstants?.(v) ?? []);
    for (const t of texts) {
      if (typeof t !== 'string' || !t.trim()) continue;
      const r = parseInstant(t);
      if (r.ok && r.warnings.length) (out[f.key] ??= []).push(...r.warnings.map((w) => `${t}: ${w}`));
    }
  }
  return out;
}
