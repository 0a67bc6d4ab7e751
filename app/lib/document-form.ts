import { templateFields, type Template } from '../../templates/schema';
import type { ChecklistAnswer, DocumentView, LinkValue, TimelineEntry } from '../models/types';
import { toDatetimeLocalUtc } from './time';

/**
 * The edit form's values: what the inputs show. The same shape comes back from a posted form,
 * so a refused save re-renders exactly what the person typed.
 */
export type FormValues = Record<string, unknown>;
/**
 * One action row of the form. `base` is the row as stored when the form was shown (JSON, with its
 * version): the save applies only what the person changed from it, so a status set elsewhere
 * meanwhile is not reset.
 */
export type ActionRow = { id?: string; title: string; kind: string; owner: string; dueDate: string; status: string; url: string; remove?: boolean; base?: string };
type StoredRow = { id?: string; version?: number; title: string; kind: string; owner: string | null; dueDate: string | null; status: string; url: string | null };

/** A stored row as form inputs; `base` is the stored row the save compares against (the row itself by default). */
export function actionRowOf(a: StoredRow, base: StoredRow | undefined = a): ActionRow {
  return {
    id: a.id,
    title: a.title,
    kind: a.kind,
    owner: a.owner ?? '',
    dueDate: a.dueDate ?? '',
    status: a.status,
    url: a.url ?? '',
    base: a.id && base ? JSON.stringify({ id: base.id, version: base.version, title: base.title, kind: base.kind, owner: base.owner, dueDate: base.dueDate, status: base.status, url: base.url }) : undefined,
  };
}
export type TimelineRow = { at: string; text: string; marker: string };

/** Blank rows offered after the existing ones so a form without JavaScript can add entries. */
export const BLANK_ROWS = 3;

// Keeps seconds when there are any (formatUtc drops them), so saving a form never moves an instant.
const utcInput = (iso: unknown) => (typeof iso === 'string' && iso ? toDatetimeLocalUtc(iso) : '');

export function documentToFormValues(template: Template, doc: { fields: DocumentView['fields']; actionItems: (StoredRow & { fieldKey: string })[] }): FormValues {
  const out: FormValues = {};
  for (const f of templateFields(template)) {
    const v = doc.fields[f.key];
    switch (f.type) {
      case 'datetime':
        out[f.key] = utcInput(v);
        break;
      case 'people':
        out[f.key] = Array.isArray(v) ? (v as string[]).join('\n') : '';
        break;
      case 'links':
        out[f.key] = Array.isArray(v) ? (v as LinkValue[]).map((l) => (l.label ? `${l.label} | ${l.url}` : l.url)).join('\n') : '';
        break;
      case 'timeline':
        out[f.key] = ((v as TimelineEntry[]) ?? []).map((e): TimelineRow => ({ at: utcInput(e.at), text: e.text, marker: e.marker ?? '' }));
        break;
      case 'checklist':
        out[f.key] = (v as Record<string, ChecklistAnswer>) ?? {};
        break;
      case 'actions':
        out[f.key] = doc.actionItems.filter((a) => a.fieldKey === f.key).map((a) => actionRowOf(a));
        break;
      case 'computed':
        break;
      default:
        out[f.key] = v ?? '';
    }
  }
  return out;
}

function rows(form: FormData, prefix: string, names: string[]): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [k, v] of form.entries()) {
    if (!k.startsWith(prefix) || typeof v !== 'string') continue;
    const [idx, name] = k.slice(prefix.length).split('.');
    const i = Number(idx);
    if (!Number.isInteger(i) || i < 0 || i > 10_000 || !names.includes(name)) continue;
    const row = byIndex.get(i) ?? {};
    row[name] = v;
    byIndex.set(i, row);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

/**
 * The posted value of a rich-text input as the form shows it again: the editor posts ProseMirror
 * JSON as a string, which must come back as a document (never as text); the no-JS textarea posts
 * Markdown, which comes back as Markdown.
 */
export function richTextFormValue(posted: string): unknown {
  if (!posted.trim().startsWith('{')) return posted;
  try {
    const v = JSON.parse(posted) as unknown;
    return v && typeof v === 'object' && (v as { type?: unknown }).type === 'doc' ? v : posted;
  } catch {
    return posted;
  }
}

/**
 * Read the posted edit form into FormValues (for re-display, each field in its own kind), raw
 * API-shaped fields (actions fields excluded) and every posted action row (removed ones too).
 */
export function formToFields(template: Template, form: FormData): { values: FormValues; raw: Record<string, unknown>; actionRows: Record<string, ActionRow[]> } {
  const values: FormValues = {};
  const raw: Record<string, unknown> = {};
  const actionRows: Record<string, ActionRow[]> = {};
  const str = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  for (const f of templateFields(template)) {
    const name = `f.${f.key}`;
    switch (f.type) {
      case 'timeline': {
        const r = rows(form, `${name}.`, ['at', 'text', 'marker']).map((x): TimelineRow => ({ at: x.at ?? '', text: x.text ?? '', marker: x.marker ?? '' }));
        const kept = [...r, ...pickedPasteRows(form, f.key)].filter((x) => x.at.trim() || x.text.trim());
        values[f.key] = kept;
        raw[f.key] = kept.map((x) => ({ at: x.at, text: x.text, marker: x.marker || undefined }));
        break;
      }
      case 'checklist': {
        const rec: Record<string, ChecklistAnswer> = {};
        for (const item of f.items) {
          const answer = str(`${name}.${item.key}.answer`);
          const note = str(`${name}.${item.key}.note`);
          if (answer || note) rec[item.key] = { answer: (answer || null) as ChecklistAnswer['answer'], note };
        }
        values[f.key] = rec;
        raw[f.key] = Object.keys(rec).length ? rec : null;
        break;
      }
      case 'actions': {
        const r = rows(form, `${name}.`, ['id', 'title', 'kind', 'owner', 'dueDate', 'status', 'url', 'remove', 'base']).map(
          (x): ActionRow => ({
            id: x.id || undefined,
            title: x.title ?? '',
            kind: x.kind ?? '',
            owner: x.owner ?? '',
            dueDate: x.dueDate ?? '',
            status: x.status ?? '',
            url: x.url ?? '',
            remove: x.remove === 'on',
            base: x.base || undefined,
          }),
        );
        actionRows[f.key] = r;
        values[f.key] = keptActionRows(r);
        break;
      }
      case 'computed':
        break;
      case 'richtext': {
        const v = str(name);
        values[f.key] = richTextFormValue(v);
        raw[f.key] = v;
        break;
      }
      default: {
        const v = str(name);
        values[f.key] = v;
        raw[f.key] = v;
      }
    }
  }
  return { values, raw, actionRows };
}

/** The rows a save keeps: not marked for removal, and not one of the blank rows offered for adding. */
export const keptActionRows = (rows: ActionRow[]) => rows.filter((x) => !x.remove && (x.id || x.title.trim() || x.owner.trim() || x.url.trim()));

/**
 * On the merge page each field changed on both sides asks "theirs or yours": `conflict` lists
 * them, `resolve.<key>` holds the answer.
 */
export function mergeChoices(form: FormData): { conflicts: string[]; resolve: Record<string, 'theirs' | 'mine'> } {
  const conflicts = form
    .getAll('conflict')
    .map(String)
    .filter((k) => /^[A-Za-z][\w-]{0,99}$/.test(k));
  const resolve: Record<string, 'theirs' | 'mine'> = {};
  for (const k of conflicts) {
    const v = form.get(`resolve.${k}`);
    if (v === 'theirs' || v === 'mine') resolve[k] = v;
  }
  return { conflicts: [...new Set(conflicts)], resolve };
}

/** Proposed entries (from a paste reviewed without JavaScript) whose checkbox was left checked. */
function pickedPasteRows(form: FormData, fieldKey: string): TimelineRow[] {
  const p = `paste.${fieldKey}`;
  return form
    .getAll(`${p}.pick`)
    .map(String)
    .filter((i) => /^\d{1,4}$/.test(i))
    .map((i) => ({ at: String(form.get(`${p}.${i}.at`) ?? ''), text: String(form.get(`${p}.${i}.text`) ?? ''), marker: '' }));
}

export type PasteRequest = { fieldKey: string; text: string; date: string; zone: string };

/** The paste box of the first timeline field that has text in it (the no-JS `intent=paste-timeline`). */
export function pasteRequest(template: Template, form: FormData): PasteRequest | null {
  for (const f of templateFields(template)) {
    if (f.type !== 'timeline') continue;
    const get = (k: string) => String(form.get(`paste.${f.key}.${k}`) ?? '');
    if (get('text').trim()) return { fieldKey: f.key, text: get('text'), date: get('date'), zone: get('zone') };
  }
  return null;
}
