/**
 * Three-way merge of a document edit: the state the editor started from (base), what they
 * submitted (mine) and what is stored now (theirs). Pure: values come in already parsed into
 * their stored shape (rich text as ProseMirror JSON, instants as UTC ISO, …).
 *
 * - A field only one side changed takes that side's value without asking.
 * - Timeline entries (no stored identity: paired with the base by content, then by same time or
 *   same text), checklist items (by item key) and action rows (by id) merge item by item, so two
 *   people changing different entries of one field do not conflict.
 * - Only a field (or an item of one) both sides changed differently is a conflict; its merged
 *   value then carries "mine" for the conflicting part, and the person chooses.
 */

export type MergeKind = 'scalar' | 'timeline' | 'checklist' | 'actions';
export type MergeField = { key: string; kind: MergeKind };

export const META_KEYS = ['title', 'severity', 'service', 'tags'] as const;
export type MetaKey = (typeof META_KEYS)[number];

/** One action row as stored (what the edit form can change), with its identity. */
export type RowValue = {
  id?: string;
  version?: number;
  title: string;
  kind: string;
  owner: string | null;
  dueDate: string | null;
  status: string;
  url: string | null;
};
export const ROW_PROPS = ['title', 'kind', 'owner', 'dueDate', 'status', 'url'] as const;

export type EditState = {
  meta: { title: string; severity: string | null; service: string | null; tags: string[] };
  /** Field values by key (absent or null = empty). */
  fields: Record<string, unknown>;
  /** Action rows by actions-field key. */
  rows: Record<string, RowValue[]>;
};

export type TimelineItem = { at: string; text: string; marker?: string };

/** How one field came out: `same` nobody changed it; `both` each side changed different parts. */
export type FieldOutcome = 'same' | 'mine' | 'theirs' | 'both' | 'conflict';

export type MergeResult = {
  /** The merged state; a conflicting field holds "mine" for the conflicting part. */
  merged: EditState;
  /** Per field and meta key (title, severity, service, tags). */
  outcomes: Record<string, FieldOutcome>;
  conflicts: string[];
};

// ——— equality ———

/** JSON with sorted keys; empty values ('' / null / [] / {}) are all one "empty". */
export function canonical(v: unknown): string {
  return JSON.stringify(normalise(v)) ?? 'null';
}

function normalise(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  if (Array.isArray(v)) return v.length ? v.map(normalise) : null;
  if (typeof v === 'object') {
    // A key holding an empty value is the same as a missing key ({answer: null, note: ''} is no answer).
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => [k, normalise((v as Record<string, unknown>)[k])] as const)
      .filter(([, x]) => x !== null);
    return entries.length ? Object.fromEntries(entries) : null;
  }
  return v;
}

export const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

// ——— scalars ———

type Three<T> = { base: T; mine: T; theirs: T };

function mergeScalar<T>({ base, mine, theirs }: Three<T>): { value: T; outcome: FieldOutcome } {
  const m = !same(base, mine);
  const t = !same(base, theirs);
  if (!m && !t) return { value: theirs, outcome: 'same' };
  if (!m) return { value: theirs, outcome: 'theirs' };
  if (!t || same(mine, theirs)) return { value: mine, outcome: 'mine' };
  return { value: mine, outcome: 'conflict' };
}

/** Combine per-part outcomes into the field's outcome. */
function combine(outcomes: FieldOutcome[]): FieldOutcome {
  if (outcomes.includes('conflict')) return 'conflict';
  const m = outcomes.includes('mine') || outcomes.includes('both');
  const t = outcomes.includes('theirs') || outcomes.includes('both');
  return m && t ? 'both' : m ? 'mine' : t ? 'theirs' : 'same';
}

// ——— checklist: by item key ———

function mergeChecklist({ base, mine, theirs }: Three<unknown>): { value: unknown; outcome: FieldOutcome } {
  const rec = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const [b, m, t] = [rec(base), rec(mine), rec(theirs)];
  const out: Record<string, unknown> = {};
  const outcomes: FieldOutcome[] = [];
  for (const k of new Set([...Object.keys(t), ...Object.keys(m), ...Object.keys(b)])) {
    const r = mergeScalar({ base: b[k], mine: m[k], theirs: t[k] });
    outcomes.push(r.outcome);
    if (canonical(r.value) !== 'null') out[k] = r.value;
  }
  return { value: Object.keys(out).length ? out : null, outcome: combine(outcomes) };
}

// ——— timeline: entries paired with the base ———

type Pairing<T> = { fate: ({ kind: 'same' } | { kind: 'changed'; to: T } | { kind: 'removed' })[]; added: T[] };

/**
 * What one side did to each base entry. Entries carry no id, so identity is found the way a
 * reader would: an identical entry is the same entry; otherwise one with the same time and text
 * (marker changed), the same time (text edited) or the same text (time corrected). Whatever is
 * left over was added.
 */
export function pairTimeline<T extends TimelineItem>(base: T[], side: T[]): Pairing<T> {
  const used = new Set<number>();
  const fate: Pairing<T>['fate'] = base.map(() => ({ kind: 'removed' as const }));
  const claim = (i: number, pred: (s: T) => boolean) => {
    const j = side.findIndex((s, idx) => !used.has(idx) && pred(s));
    if (j < 0) return false;
    used.add(j);
    fate[i] = same(base[i], side[j]) ? { kind: 'same' } : { kind: 'changed', to: side[j] };
    return true;
  };
  const rules: ((b: T) => (s: T) => boolean)[] = [
    (b) => (s) => same(b, s),
    (b) => (s) => s.at === b.at && s.text === b.text,
    (b) => (s) => s.at === b.at,
    (b) => (s) => s.text === b.text,
  ];
  const open = new Set(base.map((_, i) => i));
  for (const rule of rules) for (const i of [...open]) if (claim(i, rule(base[i]))) open.delete(i);
  return { fate, added: side.filter((_, j) => !used.has(j)) };
}

const byTime = <T extends TimelineItem>(entries: T[]) =>
  entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i))
    .map((x) => x.e);

function mergeTimeline({ base, mine, theirs }: Three<unknown>): { value: unknown; outcome: FieldOutcome } {
  const list = (v: unknown) => (Array.isArray(v) ? (v as TimelineItem[]) : []);
  const b = list(base);
  const pm = pairTimeline(b, list(mine));
  const pt = pairTimeline(b, list(theirs));
  const out: TimelineItem[] = [];
  const outcomes: FieldOutcome[] = [];
  const valueOf = (f: Pairing<TimelineItem>['fate'][number], orig: TimelineItem) =>
    f.kind === 'same' ? orig : f.kind === 'changed' ? f.to : null;
  b.forEach((orig, i) => {
    const r = mergeScalar({ base: orig, mine: valueOf(pm.fate[i], orig), theirs: valueOf(pt.fate[i], orig) });
    outcomes.push(r.outcome);
    if (r.value) out.push(r.value);
  });
  for (const e of pt.added) {
    out.push(e);
    outcomes.push('theirs');
  }
  for (const e of pm.added) {
    // Both sides added the very same entry: keep it once.
    if (pt.added.some((t) => same(t, e))) continue;
    out.push(e);
    outcomes.push('mine');
  }
  return { value: out.length ? byTime(out) : null, outcome: combine(outcomes) };
}

// ——— action rows: by id ———

const rowContent = (r: RowValue | undefined) => (r ? Object.fromEntries(ROW_PROPS.map((p) => [p, r[p]])) : null);

/** Merge three versions of one row (any may be missing: not yet created, or deleted). */
function mergeRow(
  b: RowValue | undefined,
  m: RowValue | undefined,
  t: RowValue | undefined,
): { value: RowValue | undefined; outcome: FieldOutcome } {
  if (!b) return { value: t ?? m, outcome: t ? 'theirs' : m ? 'mine' : 'same' };
  if (!m || !t) {
    // Deleted on one side (or both): a deletion wins only over a row the other side left alone.
    const r = mergeScalar({ base: rowContent(b), mine: rowContent(m), theirs: rowContent(t) });
    return { value: r.value ? (m ?? t) : undefined, outcome: r.outcome };
  }
  const value: RowValue = { ...t };
  const outcomes: FieldOutcome[] = [];
  for (const p of ROW_PROPS) {
    const r = mergeScalar({ base: b[p], mine: m[p], theirs: t[p] });
    (value as Record<string, unknown>)[p] = r.value;
    outcomes.push(r.outcome);
  }
  return { value, outcome: combine(outcomes) };
}

function mergeRows(base: RowValue[], mine: RowValue[], theirs: RowValue[]): { value: RowValue[]; outcome: FieldOutcome } {
  const byId = (rows: RowValue[]) => new Map(rows.filter((r) => r.id).map((r) => [r.id!, r]));
  const [b, m, t] = [byId(base), byId(mine), byId(theirs)];
  const out: RowValue[] = [];
  const outcomes: FieldOutcome[] = [];
  // Stored order first, then rows only the editor still has (deleted by them, kept by me), then new rows.
  const ids = [...t.keys(), ...[...m.keys()].filter((id) => !t.has(id)), ...[...b.keys()].filter((id) => !t.has(id) && !m.has(id))];
  for (const id of ids) {
    const r = mergeRow(b.get(id), m.get(id), t.get(id));
    outcomes.push(r.outcome);
    if (!r.value) continue;
    // A row kept by me but deleted by them no longer exists: it comes back as a new row.
    out.push(t.has(id) ? r.value : { ...r.value, id: undefined, version: undefined });
  }
  for (const r of mine.filter((x) => !x.id)) {
    out.push(r);
    outcomes.push('mine');
  }
  return { value: out, outcome: combine(outcomes) };
}

// ——— the document ———

export function mergeEdit(spec: MergeField[], s: Three<EditState>): MergeResult {
  const merged: EditState = { meta: { ...s.theirs.meta }, fields: { ...s.theirs.fields }, rows: { ...s.theirs.rows } };
  const outcomes: Record<string, FieldOutcome> = {};
  for (const k of META_KEYS) {
    const r = mergeScalar({ base: s.base.meta[k], mine: s.mine.meta[k], theirs: s.theirs.meta[k] });
    (merged.meta as Record<string, unknown>)[k] = r.value;
    outcomes[k] = r.outcome;
  }
  for (const f of spec) {
    if (f.kind === 'actions') {
      const r = mergeRows(s.base.rows[f.key] ?? [], s.mine.rows[f.key] ?? [], s.theirs.rows[f.key] ?? []);
      merged.rows[f.key] = r.value;
      outcomes[f.key] = r.outcome;
      continue;
    }
    const three = { base: s.base.fields[f.key], mine: s.mine.fields[f.key], theirs: s.theirs.fields[f.key] };
    const r = f.kind === 'timeline' ? mergeTimeline(three) : f.kind === 'checklist' ? mergeChecklist(three) : mergeScalar(three);
    if (canonical(r.value) === 'null') delete merged.fields[f.key];
    else merged.fields[f.key] = r.value;
    outcomes[f.key] = r.outcome;
  }
  return { merged, outcomes, conflicts: Object.keys(outcomes).filter((k) => outcomes[k] === 'conflict') };
}

/** Keys (meta and field keys) whose value differs between two states, in spec order. */
export function changedKeys(spec: MergeField[], a: EditState, b: EditState): string[] {
  const out: string[] = META_KEYS.filter((k) => !same(a.meta[k], b.meta[k]));
  for (const f of spec) {
    const differs =
      f.kind === 'actions'
        ? !same(
            (a.rows[f.key] ?? []).map((r) => ({ id: r.id, ...rowContent(r) })),
            (b.rows[f.key] ?? []).map((r) => ({ id: r.id, ...rowContent(r) })),
          )
        : !same(a.fields[f.key], b.fields[f.key]);
    if (differs) out.push(f.key);
  }
  return out;
}

/** Action-row changes that turn `from` into `to`, for a write that touches nothing else. */
export type RowEdits = {
  create: RowValue[];
  update: { id: string; version?: number; changes: Partial<RowValue> }[];
  remove: { id: string; version?: number }[];
};

export function rowEdits(from: RowValue[], to: RowValue[]): RowEdits {
  const before = new Map(from.filter((r) => r.id).map((r) => [r.id!, r]));
  const edits: RowEdits = { create: [], update: [], remove: [] };
  const seen = new Set<string>();
  for (const r of to) {
    const prior = r.id ? before.get(r.id) : undefined;
    if (!prior) {
      edits.create.push(r);
      continue;
    }
    seen.add(prior.id!);
    const changes: Partial<RowValue> = {};
    for (const p of ROW_PROPS) if (!same(prior[p], r[p])) (changes as Record<string, unknown>)[p] = r[p];
    if (Object.keys(changes).length) edits.update.push({ id: prior.id!, version: prior.version, changes });
  }
  for (const r of from) if (r.id && !seen.has(r.id)) edits.remove.push({ id: r.id, version: r.version });
  return edits;
}

export const hasRowEdits = (e: RowEdits) => e.create.length + e.update.length + e.remove.length > 0;
