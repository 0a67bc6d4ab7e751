/**
 * Timeline field of the edit form.
 *
 * Without JavaScript (and before hydration) it is plain rows of inputs named `f.<key>.<i>.at|text|marker`
 * plus blank rows, and the paste box posts `intent=paste-timeline`: the server answers with proposed
 * entries as checkboxes (`paste.<key>.pick`), and the checked ones are added when the form is saved.
 * After hydration the same names are posted, but rows can be added, removed and are kept in time order,
 * each time is shown in UTC, and a paste is turned into proposals right in the browser.
 */
import { useEffect, useRef, useState } from 'react';
import type { TimelineMarker } from '../../templates/schema';
import { BLANK_ROWS, type TimelineRow } from '~/fields/form-rows';
import { formatUtc, parseInstant, toDatetimeLocalUtc } from '~/lib/time';
import { parseTimelinePaste, type PastedEntry, type UnparsedLine } from '~/lib/timeline-paste';

export type TimelinePaste = { text: string; date: string; zone: string; entries: PastedEntry[]; unparsed: UnparsedLine[] };
type FieldErrors = Record<string, string>;

/**
 * TIMELINE_MARKERS of templates/schema, repeated here because importing that module pulls zod into the
 * browser bundle (~450 kB); test/unit/timeline-editor.test.ts keeps the two lists equal.
 */
export const MARKERS = ['detected', 'mitigated', 'resolved'] as const satisfies readonly TimelineMarker[];
type Row = TimelineRow & { id: number; note?: string };

const errorUnder = (errors: FieldErrors, path: string) =>
  errors[path] ?? errors[Object.keys(errors).find((e) => e.startsWith(`${path}.`)) ?? ''];

function MarkerSelect({ name, value, onChange, label }: { name: string; value?: string; onChange?: (v: string) => void; label: string }) {
  return (
    <select name={name} aria-label={label} {...(onChange ? { value, onChange: (e) => onChange(e.target.value) } : { defaultValue: value })}>
      <option value="">—</option>
      {MARKERS.map((m) => (
        <option key={m} value={m}>
          {m}
        </option>
      ))}
    </select>
  );
}

/** Where a row's time falls (ms), or null while it cannot be read. */
function instantOf(at: string): number | null {
  if (!at.trim()) return null;
  const r = parseInstant(at);
  return r.ok ? r.instant.getTime() : null;
}

/** Time order; rows whose time cannot be read yet stay after the others, in the order they were. */
export function sortRows<T extends { at: string }>(rows: T[]): T[] {
  return rows
    .map((r, i) => ({ r, i, t: instantOf(r.at) }))
    .sort((a, b) => (a.t === null ? (b.t === null ? a.i - b.i : 1) : b.t === null ? -1 : a.t - b.t || a.i - b.i))
    .map((x) => x.r);
}

export function TimelineEditor({
  fieldKey,
  label,
  rows,
  errors,
  paste,
}: {
  fieldKey: string;
  label: string;
  rows: TimelineRow[];
  errors: FieldErrors;
  paste?: TimelinePaste;
}) {
  const [live, setLive] = useState<Row[] | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount (hydration); later renders own the rows
  useEffect(() => {
    // Carry over whatever was typed into the plain rows before hydration.
    const read = (name: string) => (wrapper.current?.querySelector(`[name="${name}"]`) as HTMLInputElement | null)?.value ?? '';
    const typed: Row[] = [];
    for (let i = 0; i < rows.length + BLANK_ROWS; i++) {
      const r = {
        id: i,
        at: read(`f.${fieldKey}.${i}.at`),
        text: read(`f.${fieldKey}.${i}.text`),
        marker: read(`f.${fieldKey}.${i}.marker`),
      };
      if (r.at.trim() || r.text.trim()) typed.push(r);
    }
    // An empty timeline starts with one blank row to type into (blank rows are not saved).
    setLive(typed.length ? typed : [{ id: 0, at: '', text: '', marker: '' }]);
  }, []);
  if (!live)
    return (
      <div ref={wrapper}>
        <PlainRows fieldKey={fieldKey} label={label} rows={rows} errors={errors} />
        <PastePlain fieldKey={fieldKey} paste={paste} />
      </div>
    );
  return <LiveTimeline fieldKey={fieldKey} label={label} initial={live} errors={errors} paste={paste} />;
}

function PlainRows({ fieldKey, label, rows, errors }: { fieldKey: string; label: string; rows: TimelineRow[]; errors: FieldErrors }) {
  const all = [...rows, ...Array.from({ length: BLANK_ROWS }, () => ({ at: '', text: '', marker: '' }))];
  return (
    <div className="grid-rows" role="group" aria-label={label}>
      <div className="grid-row header" aria-hidden>
        <span>Time (with zone; saved in UTC)</span>
        <span>What happened</span>
        <span>Marker</span>
      </div>
      {all.map((r, i) => {
        const base = `fields.${fieldKey}.${i}`;
        const err = errorUnder(errors, base);
        return (
          <div key={i}>
            <div className="grid-row">
              <input
                name={`f.${fieldKey}.${i}.at`}
                defaultValue={r.at}
                placeholder="2016-06-15 22:04 UTC"
                aria-label={`Entry ${i + 1} time`}
                aria-invalid={!!errors[`${base}.at`]}
              />
              <input
                name={`f.${fieldKey}.${i}.text`}
                defaultValue={r.text}
                aria-label={`Entry ${i + 1} text`}
                aria-invalid={!!errors[`${base}.text`]}
              />
              <MarkerSelect name={`f.${fieldKey}.${i}.marker`} value={r.marker} label={`Entry ${i + 1} marker`} />
            </div>
            {err ? (
              <p className="field-error" role="alert">
                {err}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function UnparsedList({ lines }: { lines: UnparsedLine[] }) {
  if (!lines.length) return null;
  return (
    <div className="paste-unparsed" role="status">
      <strong>
        {lines.length} {lines.length === 1 ? 'line was' : 'lines were'} not read as entries
      </strong>{' '}
      (add them by hand if they matter):
      <ul>
        {lines.map((u) => (
          <li key={u.line}>
            Line {u.line}: <code>{u.text}</code> <span className="muted">— {u.reason}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The no-JS paste: posted with `intent=paste-timeline`; proposals come back as checkboxes added on save. */
function PastePlain({ fieldKey, paste }: { fieldKey: string; paste?: TimelinePaste }) {
  const p = `paste.${fieldKey}`;
  return (
    <div className="paste-box">
      {paste && (paste.entries.length || paste.unparsed.length) ? (
        <fieldset className="paste-proposals">
          <legend>Proposed entries from the paste: check the ones to add, then save</legend>
          {paste.entries.map((e, i) => (
            <label key={i} className="paste-proposal">
              <input type="checkbox" name={`${p}.pick`} value={i} defaultChecked /> <time dateTime={e.at}>{formatUtc(e.at)}</time> {e.text}
              <input type="hidden" name={`${p}.${i}.at`} value={e.at} />
              <input type="hidden" name={`${p}.${i}.text`} value={e.text} />
              {e.warnings.map((w) => (
                <span key={w} className="field-warning">
                  {' '}
                  {w}
                </span>
              ))}
            </label>
          ))}
          <UnparsedList lines={paste.unparsed} />
        </fieldset>
      ) : null}
      <details open={!!paste}>
        <summary>Paste from chat or a log</summary>
        <PasteInputs fieldKey={fieldKey} text={paste?.text} date={paste?.date} zone={paste?.zone} named />
        <button type="submit" name="intent" value="paste-timeline" className="secondary">
          Propose entries
        </button>
      </details>
    </div>
  );
}

function PasteInputs(props: {
  fieldKey: string;
  text?: string;
  date?: string;
  zone?: string;
  named?: boolean;
  onChange?: (k: 'text' | 'date' | 'zone', v: string) => void;
}) {
  const { fieldKey, named, onChange } = props;
  const n = (k: string) => (named ? { name: `paste.${fieldKey}.${k}` } : {});
  const bind = (k: 'text' | 'date' | 'zone') =>
    onChange
      ? { value: props[k] ?? '', onChange: (e: { target: { value: string } }) => onChange(k, e.target.value) }
      : { defaultValue: props[k] ?? (k === 'zone' ? 'UTC' : '') };
  return (
    <div className="stack">
      <label htmlFor={`paste-${fieldKey}-text`}>Lines from chat or a log (one event per line)</label>
      <textarea
        id={`paste-${fieldKey}-text`}
        rows={6}
        {...n('text')}
        {...bind('text')}
        placeholder={'[10:04 PM] alice: restarted the primary\n2016-06-15 22:30 UTC backlog alert fires'}
      />
      <div className="row">
        <div>
          <label htmlFor={`paste-${fieldKey}-date`}>Assume date (for lines with a time only)</label>
          <input id={`paste-${fieldKey}-date`} type="date" {...n('date')} {...bind('date')} />
        </div>
        <div>
          <label htmlFor={`paste-${fieldKey}-zone`}>Assume zone (for lines without one)</label>
          <input id={`paste-${fieldKey}-zone`} {...n('zone')} {...bind('zone')} placeholder="UTC, CDT, America/Chicago, +02:00" />
        </div>
      </div>
    </div>
  );
}

let nextId = 10_000;

function LiveTimeline({
  fieldKey,
  label,
  initial,
  errors,
  paste,
}: {
  fieldKey: string;
  label: string;
  initial: Row[];
  errors: FieldErrors;
  paste?: TimelinePaste;
}) {
  const [rows, setRows] = useState<Row[]>(() => sortRows(initial));
  const [form, setForm] = useState({ text: paste?.text ?? '', date: paste?.date ?? '', zone: paste?.zone ?? 'UTC' });
  const [proposals, setProposals] = useState<{ entries: (PastedEntry & { pick: boolean })[]; unparsed: UnparsedLine[] } | null>(
    paste ? { entries: paste.entries.map((e) => ({ ...e, pick: true })), unparsed: paste.unparsed } : null,
  );
  const [focusId, setFocusId] = useState<number | null>(null);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusId === null) return;
    (list.current?.querySelector(`[data-row="${focusId}"] input`) as HTMLInputElement | null)?.focus();
    setFocusId(null);
  }, [focusId]);

  const update = (id: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  /** On leaving a time: write it in UTC (saying what was typed) and put the row in its place. */
  const settle = (id: number) =>
    setRows((rs) =>
      sortRows(
        rs.map((r) => {
          if (r.id !== id || !r.at.trim()) return r;
          const p = parseInstant(r.at);
          if (!p.ok) return r;
          const utc = toDatetimeLocalUtc(p.iso);
          if (utc === r.at) return r;
          return { ...r, at: utc, note: [`entered as “${r.at.trim()}”`, ...p.warnings].join(' — ') };
        }),
      ),
    );
  const add = () => {
    const id = nextId++;
    setRows((rs) => [...rs, { id, at: '', text: '', marker: '' }]);
    setFocusId(id);
  };
  const propose = () => {
    const r = parseTimelinePaste(form.text, { assumeDate: form.date, assumeZone: form.zone });
    setProposals({ entries: r.entries.map((e) => ({ ...e, pick: true })), unparsed: r.unparsed });
  };
  const addPicked = () => {
    if (!proposals) return;
    const picked = proposals.entries
      .filter((e) => e.pick)
      .map(
        (e): Row => ({ id: nextId++, at: toDatetimeLocalUtc(e.at), text: e.text, marker: '', note: e.warnings.join(' — ') || undefined }),
      );
    // Blank rows were only places to type: the pasted entries take their place.
    setRows((rs) => sortRows([...rs.filter((r) => r.at.trim() || r.text.trim() || r.marker), ...picked]));
    setProposals(proposals.unparsed.length ? { entries: [], unparsed: proposals.unparsed } : null);
    setForm((f) => ({ ...f, text: '' }));
  };

  return (
    <div className="timeline-editor" ref={list}>
      <div className="grid-rows" role="group" aria-label={label}>
        <div className="grid-row live header" aria-hidden>
          <span>Time (with zone; shown in UTC)</span>
          <span>What happened</span>
          <span>Marker</span>
          <span />
        </div>
        {rows.length === 0 ? <p className="muted">No entries yet.</p> : null}
        {rows.map((r, i) => {
          const base = `fields.${fieldKey}.${i}`;
          const p = r.at.trim() ? parseInstant(r.at) : null;
          const err = errorUnder(errors, base);
          return (
            <div key={r.id} data-row={r.id} className="timeline-row">
              <div className="grid-row live">
                <input
                  name={`f.${fieldKey}.${i}.at`}
                  value={r.at}
                  onChange={(e) => update(r.id, { at: e.target.value, note: undefined })}
                  onBlur={() => settle(r.id)}
                  placeholder="2016-06-15 22:04 UTC"
                  aria-label={`Entry ${i + 1} time`}
                  aria-invalid={!!(p && !p.ok)}
                />
                <input
                  name={`f.${fieldKey}.${i}.text`}
                  value={r.text}
                  onChange={(e) => update(r.id, { text: e.target.value })}
                  aria-label={`Entry ${i + 1} text`}
                />
                <MarkerSelect
                  name={`f.${fieldKey}.${i}.marker`}
                  value={r.marker}
                  onChange={(v) => update(r.id, { marker: v })}
                  label={`Entry ${i + 1} marker`}
                />
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setRows((rs) => rs.filter((x) => x.id !== r.id))}
                  aria-label={`Remove entry ${i + 1}`}
                >
                  Remove
                </button>
              </div>
              {p?.ok ? (
                <p className="help">
                  = <time dateTime={p.iso}>{formatUtc(p.iso)}</time>
                  {r.note ? ` (${r.note})` : ''}
                  {p.warnings.map((w) => (
                    <span key={w} className="field-warning">
                      {' '}
                      {w}
                    </span>
                  ))}
                </p>
              ) : p ? (
                <p className="field-error">{p.error}</p>
              ) : null}
              {err && !(p && !p.ok) ? (
                <p className="field-error" role="alert">
                  {err}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <div className="toolbar" style={{ marginTop: '.5rem' }}>
        <button type="button" className="secondary" onClick={add}>
          Add entry
        </button>
      </div>
      <details className="paste-box" open={!!proposals}>
        <summary>Paste from chat or a log</summary>
        <PasteInputs fieldKey={fieldKey} {...form} onChange={(k, v) => setForm((f) => ({ ...f, [k]: v }))} />
        <button type="button" className="secondary" onClick={propose} disabled={!form.text.trim()}>
          Propose entries
        </button>
        {proposals ? (
          <div className="paste-proposals" role="group" aria-label="Proposed entries">
            {proposals.entries.length ? (
              <>
                <p>Check the entries to add:</p>
                {proposals.entries.map((e, i) => (
                  <label key={`${e.line}-${i}`} className="paste-proposal">
                    <input
                      type="checkbox"
                      checked={e.pick}
                      onChange={(ev) =>
                        setProposals({
                          ...proposals,
                          entries: proposals.entries.map((x, j) => (j === i ? { ...x, pick: ev.target.checked } : x)),
                        })
                      }
                    />{' '}
                    <time dateTime={e.at}>{formatUtc(e.at)}</time> {e.text}
                    {e.warnings.map((w) => (
                      <span key={w} className="field-warning">
                        {' '}
                        {w}
                      </span>
                    ))}
                  </label>
                ))}
                <button type="button" onClick={addPicked} disabled={!proposals.entries.some((e) => e.pick)}>
                  Add {proposals.entries.filter((e) => e.pick).length} selected{' '}
                  {proposals.entries.filter((e) => e.pick).length === 1 ? 'entry' : 'entries'}
                </button>
              </>
            ) : null}
            <UnparsedList lines={proposals.unparsed} />
          </div>
        ) : null}
      </details>
    </div>
  );
}
