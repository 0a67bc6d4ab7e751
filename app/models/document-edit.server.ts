import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { documentRevisions } from '../../db/schema';
import { templateFields, type Template } from '../../templates/schema';
import { HttpError, type IssueItem } from '~/lib/errors.server';
import { parseFieldValues } from '~/lib/fields.server';
import { valueLayerOf } from '~/fields/values.server';
import { valueOf } from '~/fields/text';
import { META_KEYS, changedKeys, mergeEdit, rowEdits, type EditState, type FieldOutcome, type RowEdits, type RowValue } from '~/lib/merge';
import { editStateOf, mergeSpecOf, rowValueOf } from '~/lib/edit-state.server';
import { actionRowOf, documentToFormValues, keptActionRows, type ActionRow, type FormValues } from '~/lib/document-form';
import { ActionItemInputSchema } from '~/models/action-item.server';
import { DocumentMetaSchema, getDocument, updateDocument } from '~/models/document.server';
import type { RevisionSnapshot } from '~/models/revision.server';
import type { Actor, DocumentView } from '~/models/types';
import { fieldsOfKind } from '~/fields/text';

/** The edit form as posted (see formToFields and mergeChoices in app/lib/document-form). */
export type EditForm = {
  /** The version the form was shown at: the base of the three-way merge. */
  version: number;
  meta: { title: string; severity: string; service: string; tags: string };
  raw: Record<string, unknown>;
  actionRows: Record<string, ActionRow[]>;
  conflicts: string[];
  resolve: Record<string, 'theirs' | 'mine'>;
  /**
   * Sent from a page editing live (decision 028): the versions after `version` are mostly the live edits folded
   * while the page was open, so a save that merges without a conflict is saved at once. A stale plain form is
   * shown its merge for review first, as before.
   */
  live?: boolean;
  /** With `live`: the version the page was loaded at, the base of its fields that are not live (severity, service, tags). */
  loadedVersion?: number;
};

export type EditOutcome =
  | { kind: 'saved'; doc: DocumentView; changed: string[] }
  | { kind: 'unchanged'; doc: DocumentView }
  | {
      /** Not saved: the merged form to review (and conflicts to decide) at the current version. */
      kind: 'merge';
      current: DocumentView;
      baseVersion: number;
      values: FormValues;
      meta: { title: string; severity: string; service: string; tags: string };
      outcomes: Record<string, FieldOutcome>;
      conflicts: string[];
      /** Conflicts posted without a choice. */
      unresolved: string[];
    };

const BaseRowSchema = z.object({
  id: z.string().max(100),
  version: z.number().int().positive().optional(),
  title: z.string().max(500),
  kind: z.string().max(50),
  owner: z.string().max(200).nullable(),
  dueDate: z.string().max(20).nullable(),
  status: z.string().max(50),
  url: z.string().max(2000).nullable(),
});

const READ_ONLY = ['published', 'archived'];

/**
 * Save the edit page: merge what its user changed since the version they started from with what
 * is stored now. Saves at once only when nothing else changed the document meanwhile (action rows
 * changed elsewhere are merged row by row); otherwise answers the merged form for review.
 */
export async function saveDocumentEdit(
  db: Database,
  opts: {
    actor: Actor;
    id: string;
    form: EditForm /** The document as the caller just read it for this actor (not read again). */;
    current?: DocumentView;
  },
  attempt = 0,
): Promise<EditOutcome> {
  const current =
    opts.current && opts.current.id === opts.id && attempt === 0 ? opts.current : await getDocument(db, { actor: opts.actor, id: opts.id });
  if (READ_ONLY.includes(current.status))
    throw new HttpError(409, 'read_only', `This document is ${current.status} and read-only. Reopen it as a draft to edit.`);
  const template = current.template;
  const spec = mergeSpecOf(template);
  const { form } = opts;
  const theirs = editStateOf(template, current);
  const snapshot = form.version === current.version ? current : await revisionSnapshot(db, current.id, form.version);
  let base = snapshot ? editStateOf(template, snapshot) : null;
  // On a live page only the title and the template's fields are live; severity, service and tags are the values the
  // page was loaded with, so their base is that version, not the newest live one (else a stale severity would read
  // as this person's change and overwrite someone's newer one). Not found: no base, every difference is asked.
  if (base && form.live && form.loadedVersion !== undefined && form.loadedVersion !== form.version) {
    const loaded = await revisionSnapshot(db, current.id, form.loadedVersion);
    if (loaded) {
      const state = editStateOf(template, loaded);
      base.meta = { ...base.meta, severity: state.meta.severity, service: state.meta.service, tags: state.meta.tags };
    } else base = null;
  }
  const mine = parseMine(template, form, base ?? theirs);
  if (base) base.rows = baseRows(template, form, base, theirs);

  // A choice of "theirs" on the merge page: this person does not change that field.
  const from = base ?? theirs;
  for (const [k, pick] of Object.entries(form.resolve)) {
    if (pick !== 'theirs') continue;
    if ((META_KEYS as readonly string[]).includes(k))
      (mine.meta as Record<string, unknown>)[k] = from.meta[k as (typeof META_KEYS)[number]];
    else if (k in from.rows) mine.rows[k] = from.rows[k];
    else mine.fields[k] = from.fields[k];
  }
  const unresolved = form.conflicts.filter((k) => !form.resolve[k]);

  const result = mergeEdit(spec, { base: base ?? theirs, mine, theirs });
  // Without the starting version nobody can tell who changed what: every difference is asked.
  if (!base)
    for (const [k, o] of Object.entries(result.outcomes))
      if (o === 'mine' || o === 'both') {
        result.outcomes[k] = 'conflict';
        result.conflicts.push(k);
      }

  if ((form.version !== current.version && !form.live) || result.conflicts.length || unresolved.length) {
    return {
      kind: 'merge',
      current,
      baseVersion: form.version,
      values: formValuesOf(template, result.merged, theirs),
      meta: metaFormOf(result.merged),
      outcomes: result.outcomes,
      conflicts: [...new Set([...result.conflicts, ...unresolved])],
      unresolved,
    };
  }

  const changed = changedKeys(spec, theirs, result.merged);
  if (!changed.length) return { kind: 'unchanged', doc: current };
  const input: Record<string, unknown> = { version: current.version };
  const fields: Record<string, unknown> = {};
  const actionEdits: Record<string, RowEdits> = {};
  for (const k of changed) {
    if ((META_KEYS as readonly string[]).includes(k)) input[k] = result.merged.meta[k as (typeof META_KEYS)[number]];
    else if (k in result.merged.rows) actionEdits[k] = rowEdits(theirs.rows[k] ?? [], result.merged.rows[k]);
    else fields[k] = result.merged.fields[k] ?? null;
  }
  if (Object.keys(fields).length) input.fields = fields;
  try {
    const doc = await updateDocument(db, { actor: opts.actor, id: current.id, input, actionEdits, current });
    return { kind: 'saved', doc, changed };
  } catch (e) {
    // Someone saved in between: merge again against what they saved.
    if (e instanceof HttpError && e.code === 'conflict' && attempt < 2) return saveDocumentEdit(db, opts, attempt + 1);
    throw e;
  }
}

async function revisionSnapshot(db: Database, documentId: string, version: number): Promise<RevisionSnapshot | null> {
  if (!Number.isInteger(version) || version < 1) return null;
  const [rev] = await db
    .select({ snapshot: documentRevisions.snapshot })
    .from(documentRevisions)
    .where(and(eq(documentRevisions.documentId, documentId), eq(documentRevisions.version, version)));
  return rev ? (rev.snapshot as RevisionSnapshot) : null;
}

/** The form's values in their stored shape; a 400 with every issue (paths as the form names them). */
function parseMine(template: Template, form: EditForm, base: EditState): EditState {
  const issues: IssueItem[] = [];
  const meta = DocumentMetaSchema.safeParse(form.meta);
  if (!meta.success) issues.push(...meta.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })));
  else if (!meta.data.title) issues.push({ path: ['title'], message: 'give the document a title' });

  // Rich text from the no-JS textarea is Markdown of the stored document: unchanged Markdown is the
  // unchanged document (a Markdown round trip may not give back the very same JSON).
  const raw: Record<string, unknown> = {};
  const kept: Record<string, unknown> = {};
  for (const f of templateFields(template)) {
    const layer = valueLayerOf(f);
    if (typeof layer.input !== 'function' || !(f.key in form.raw)) continue;
    const v = form.raw[f.key];
    const b = base.fields[f.key];
    if (layer.unchanged?.(v, valueOf(f, base))) {
      if (b !== undefined) kept[f.key] = b;
      continue;
    }
    raw[f.key] = v;
  }
  const parsed = parseFieldValues(template, raw);
  if (!parsed.ok) issues.push(...parsed.issues);
  const fields: Record<string, unknown> = { ...kept, ...(parsed.ok ? parsed.values : {}) };

  const rows: Record<string, RowValue[]> = {};
  for (const f of fieldsOfKind(template, 'actions')) {
    rows[f.key] = [];
    keptActionRows(form.actionRows[f.key] ?? []).forEach((r, i) => {
      const p = ActionItemInputSchema.safeParse({
        title: r.title,
        kind: r.kind || undefined,
        owner: r.owner,
        dueDate: r.dueDate,
        status: r.status || undefined,
        url: r.url,
      });
      if (!p.success)
        return issues.push(...p.error.issues.map((x) => ({ path: ['fields', f.key, i, ...x.path.map(String)], message: x.message })));
      if (p.data.kind && !f.kinds.includes(p.data.kind))
        return issues.push({ path: ['fields', f.key, i, 'kind'], message: `choose one of: ${f.kinds.join(', ')}` });
      rows[f.key].push({
        id: r.id,
        title: p.data.title,
        kind: p.data.kind ?? f.kinds[0],
        owner: p.data.owner ?? null,
        dueDate: p.data.dueDate ?? null,
        status: p.data.status ?? 'open',
        url: p.data.url ?? null,
      });
    });
  }
  if (issues.length)
    throw new HttpError(400, 'invalid', `Some values are not valid (${issues[0].path.join('.')}): ${issues[0].message}`, issues);
  const m = meta.success ? meta.data : { title: '', severity: null, service: null, tags: [] };
  const state = editStateOf(template, { title: m.title, severity: m.severity, service: m.service, tags: m.tags, fields });
  state.rows = rows;
  return state;
}

/**
 * The rows as the form showed them: each posted row's `base`; when it is missing or unreadable,
 * the row in the starting revision, else as stored now (then only differences from now count).
 */
function baseRows(template: Template, form: EditForm, base: EditState, theirs: EditState): Record<string, RowValue[]> {
  const out: Record<string, RowValue[]> = {};
  for (const f of fieldsOfKind(template, 'actions')) {
    out[f.key] = [];
    for (const r of form.actionRows[f.key] ?? []) {
      if (!r.id) continue;
      let parsed: RowValue | undefined;
      try {
        const b = BaseRowSchema.safeParse(JSON.parse(r.base ?? ''));
        if (b.success && b.data.id === r.id) parsed = rowValueOf(b.data);
      } catch {
        parsed = undefined;
      }
      const row = parsed ?? base.rows[f.key]?.find((x) => x.id === r.id) ?? theirs.rows[f.key]?.find((x) => x.id === r.id);
      if (row) out[f.key].push(row);
    }
  }
  return out;
}

/** The merged state as form inputs; each row's base is the row as stored now. */
function formValuesOf(template: Template, s: EditState, theirs: EditState): FormValues {
  const values = documentToFormValues(template, { fields: s.fields, actionItems: [] });
  for (const [key, rows] of Object.entries(s.rows)) {
    const stored = new Map((theirs.rows[key] ?? []).map((r) => [r.id, r]));
    values[key] = rows.map((r) => actionRowOf(r, r.id ? stored.get(r.id) : undefined));
  }
  return values;
}

const metaFormOf = (s: EditState) => ({
  title: s.meta.title,
  severity: s.meta.severity ?? '',
  service: s.meta.service ?? '',
  tags: s.meta.tags.join(', '),
});
