import { templateFields, type Template } from '../../templates/schema';
import type { ActionItemView, ChecklistAnswer, DocumentView, LinkValue, TimelineEntry } from '../models/types';
import { toDatetimeLocalUtc } from './time';

/**
 * The edit form's values: what the inputs show. The same shape comes back from a posted form,
 * so a refused save re-renders exactly what the person typed.
 */
export type FormValues = Record<string, unknown>;
export type ActionRow = { id?: string; title: string; kind: string; owner: string; dueDate: string; status: string; url: string; remove?: boolean };
export type TimelineRow = { at: string; text: string; marker: string };

/** Blank rows offered after the existing ones so a form without JavaScript can add entries. */
export const BLANK_ROWS = 3;

// Keeps seconds when there are any (formatUtc drops them), so saving a form never moves an instant.
const utcInput = (iso: unknown) => (typeof iso === 'string' && iso ? toDatetimeLocalUtc(iso) : '');

export function documentToFormValues(template: Template, doc: Pick<DocumentView, 'fields' | 'actionItems'>): FormValues {
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
        out[f.key] = doc.actionItems
          .filter((a) => a.fieldKey === f.key)
          .map((a: ActionItemView): ActionRow => ({ id: a.id, title: a.title, kind: a.kind, owner: a.owner ?? '', dueDate: a.dueDate ?? '', status: a.status, url: a.url ?? '' }));
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

/** Read the posted edit form into FormValues (for re-display) and raw API-shaped fields (for the model). */
export function formToFields(template: Template, form: FormData): { values: FormValues; raw: Record<string, unknown> } {
  const values: FormValues = {};
  const raw: Record<string, unknown> = {};
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
        const r = rows(form, `${name}.`, ['id', 'title', 'kind', 'owner', 'dueDate', 'status', 'url', 'remove']).map(
          (x): ActionRow => ({ id: x.id || undefined, title: x.title ?? '', kind: x.kind ?? '', owner: x.owner ?? '', dueDate: x.dueDate ?? '', status: x.status ?? '', url: x.url ?? '', remove: x.remove === 'on' }),
        );
        const kept = r.filter((x) => !x.remove && (x.id || x.title.trim() || x.owner.trim() || x.url.trim()));
        values[f.key] = kept;
        raw[f.key] = kept.map((x) => ({
          ...(x.id ? { id: x.id } : {}),
          title: x.title,
          kind: x.kind || undefined,
          owner: x.owner,
          dueDate: x.dueDate,
          status: x.status || undefined,
          url: x.url,
        }));
        break;
      }
      case 'computed':
        break;
      default: {
        const v = str(name);
        values[f.key] = v;
        raw[f.key] = v;
      }
    }
  }
  return { values, raw };
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
