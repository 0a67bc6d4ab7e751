import type { Field, Section, Template } from '../../templates/schema';
import { useState } from 'react';
import type { ActionStatus } from '../models/types';
import { BLANK_ROWS, type ActionRow, type FormValues, type TimelineRow } from '../lib/document-form';
import type { ChecklistAnswer } from '../models/types';
import { RichTextEditor } from './rich-text-editor';
import { TimelineEditor, type TimelinePaste } from './timeline-editor';
import { BlamelessHints } from './blameless-panel';
import { FieldValueView } from './document-view';
import { MergeChoice } from './merge-choice';
import type { DocumentView } from '../models/types';

export type FieldErrors = Record<string, string>;

import { ACTION_STATUS_LABELS as STATUS_LABELS } from '../lib/labels';
// Not ACTION_STATUSES from db/schema: that module brings drizzle (~40 kB) into the browser bundle.
const ACTION_STATUSES = Object.keys(STATUS_LABELS) as ActionStatus[];

function ErrorText({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  ) : null;
}

/** The first error at or under `path` (e.g. fields.timeline.2.at under fields.timeline). */
function errorUnder(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const k = Object.keys(errors).find((e) => e.startsWith(`${path}.`));
  return k ? errors[k] : undefined;
}

function ActionsInput({ field, rows, errors }: { field: Extract<Field, { type: 'actions' }>; rows: ActionRow[]; errors: FieldErrors }) {
  const all: ActionRow[] = [...rows, ...Array.from({ length: BLANK_ROWS }, () => ({ title: '', kind: '', owner: '', dueDate: '', status: '', url: '' }))];
  return (
    <div className="grid-rows" role="group" aria-label={field.label}>
      <div className="grid-row actions header" aria-hidden>
        <span>Action</span>
        <span>Kind</span>
        <span>Owner</span>
        <span>Due</span>
        <span>Status</span>
        <span>Tracker link</span>
        <span>Remove</span>
      </div>
      {all.map((r, i) => {
        const base = `fields.${field.key}.${i}`;
        const n = (k: string) => `f.${field.key}.${i}.${k}`;
        return (
          <div key={r.id ?? `new-${i}`}>
            <div className="grid-row actions">
              {r.id ? <input type="hidden" name={n('id')} value={r.id} /> : null}
              {r.id && r.base ? <input type="hidden" name={n('base')} value={r.base} /> : null}
              <input name={n('title')} defaultValue={r.title} aria-label={`Action ${i + 1} title`} aria-invalid={!!errors[`${base}.title`]} />
              <select name={n('kind')} defaultValue={r.kind || field.kinds[0]} aria-label={`Action ${i + 1} kind`}>
                {field.kinds.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
              <input name={n('owner')} defaultValue={r.owner} aria-label={`Action ${i + 1} owner`} />
              <input type="date" name={n('dueDate')} defaultValue={r.dueDate} aria-label={`Action ${i + 1} due date`} aria-invalid={!!errors[`${base}.dueDate`]} />
              <select name={n('status')} defaultValue={r.status || 'open'} aria-label={`Action ${i + 1} status`}>
                {ACTION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
              <input name={n('url')} defaultValue={r.url} placeholder="https://…" aria-label={`Action ${i + 1} tracker link`} aria-invalid={!!errors[`${base}.url`]} />
              {r.id ? <input type="checkbox" name={n('remove')} aria-label={`Remove action ${i + 1}`} /> : <span />}
            </div>
            <ErrorText id={`${base}-error`} message={errorUnder(errors, base)} />
          </div>
        );
      })}
    </div>
  );
}

function ChecklistInput({ field, value, errors }: { field: Extract<Field, { type: 'checklist' }>; value: Record<string, ChecklistAnswer>; errors: FieldErrors }) {
  return (
    <div role="group" aria-label={field.label}>
      {field.items.map((item) => {
        const a = value[item.key];
        const base = `fields.${field.key}.${item.key}`;
        return (
          <div className="checklist-item" key={item.key}>
            <div>
              <strong>{item.label}</strong>
              {item.gate ? <span className="gate">GATE</span> : null}
            </div>
            {item.help ? <p className="help">{item.help}</p> : null}
            <fieldset aria-label={item.label}>
              {(['yes', 'no', 'na'] as const).map((ans) => (
                <label key={ans}>
                  <input type="radio" name={`f.${field.key}.${item.key}.answer`} value={ans} defaultChecked={a?.answer === ans} /> {ans === 'na' ? 'n.a.' : ans}
                </label>
              ))}
            </fieldset>
            <input name={`f.${field.key}.${item.key}.note`} defaultValue={a?.note ?? ''} placeholder="Note" aria-label={`${item.label} note`} />
            <ErrorText id={`${base}-error`} message={errorUnder(errors, base)} />
          </div>
        );
      })}
    </div>
  );
}

/** Fields changed on both sides of an edit conflict, and the stored document to show as "theirs". */
export type MergeView = { conflicts: string[]; unresolved: string[]; theirs: DocumentView };

/** Extra state the form passes to every field: names for the blameless check, a reviewed paste, a merge. */
export type FormContext = { people: string[]; paste?: TimelinePaste & { fieldKey: string }; merge?: MergeView };

function RichTextWithHints({ id, field, value, describedBy, people }: { id: string; field: Field; value: unknown; describedBy?: string; people: string[] }) {
  const [text, setText] = useState('');
  return (
    <>
      <RichTextEditor name={`f.${field.key}`} id={id} label={field.label} defaultValue={value || null} aria-describedby={describedBy} onTextChange={setText} />
      <BlamelessHints text={text} people={people} fieldKey={field.key} />
    </>
  );
}

function TextWithHints({ common, field, value, people }: { common: Record<string, unknown>; field: Extract<Field, { type: 'text' }>; value: string; people: string[] }) {
  const [text, setText] = useState(value);
  const onChange = (e: { target: { value: string } }) => setText(e.target.value);
  return (
    <>
      {field.multiline ? <textarea {...common} defaultValue={value} onChange={onChange} /> : <input {...common} defaultValue={value} onChange={onChange} />}
      <BlamelessHints text={text} people={people} fieldKey={field.key} />
    </>
  );
}

/** People named in the form's `people` fields (one per line), for the blameless check. */
export function formPeople(template: Template, values: FormValues): string[] {
  return template.sections
    .flatMap((s) => s.fields)
    .filter((f) => f.type === 'people')
    .flatMap((f) => String(values[f.key] ?? '').split(/[\n,;]/))
    .map((p) => p.trim())
    .filter(Boolean);
}

export function FieldInput({ field, values, errors, warnings, ctx = { people: [] } }: { field: Field; values: FormValues; errors: FieldErrors; warnings?: Record<string, string[]>; ctx?: FormContext }) {
  if (field.type === 'computed') return null;
  const id = `f-${field.key}`;
  const path = `fields.${field.key}`;
  const err = errors[path];
  const v = values[field.key];
  const common = { id, name: `f.${field.key}`, 'aria-invalid': !!err, 'aria-describedby': err ? `${id}-error` : undefined };
  let input: React.ReactNode;
  switch (field.type) {
    case 'text':
      input = <TextWithHints common={common} field={field} value={String(v ?? '')} people={ctx.people} />;
      break;
    case 'richtext':
      input = <RichTextWithHints id={id} field={field} value={v} describedBy={err ? `${id}-error` : undefined} people={ctx.people} />;
      break;
    case 'datetime':
      input = <input {...common} defaultValue={String(v ?? '')} placeholder="2016-06-15 22:04 UTC, or 10:04 PM CST, or 2016-06-15T22:04-05:00" />;
      break;
    case 'date':
      input = <input {...common} type="date" defaultValue={String(v ?? '')} />;
      break;
    case 'select':
      input = (
        <select {...common} defaultValue={String(v ?? '')}>
          <option value="">—</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'people':
      input = <textarea {...common} rows={3} defaultValue={String(v ?? '')} placeholder="One name or email per line" />;
      break;
    case 'links':
      input = <textarea {...common} rows={3} defaultValue={String(v ?? '')} placeholder="https://… or Label | https://…, one per line" />;
      break;
    case 'timeline':
      input = (
        <TimelineEditor fieldKey={field.key} label={field.label} rows={(v as TimelineRow[]) ?? []} errors={errors} paste={ctx.paste?.fieldKey === field.key ? ctx.paste : undefined} />
      );
      break;
    case 'checklist':
      input = <ChecklistInput field={field} value={(v as Record<string, ChecklistAnswer>) ?? {}} errors={errors} />;
      break;
    case 'actions':
      input = <ActionsInput field={field} rows={(v as ActionRow[]) ?? []} errors={errors} />;
      break;
  }
  const grouped = field.type === 'timeline' || field.type === 'checklist' || field.type === 'actions';
  const merge = ctx.merge;
  if (merge?.conflicts.includes(field.key))
    input = (
      <MergeChoice fieldKey={field.key} label={field.label} version={merge.theirs.version} missing={merge.unresolved.includes(field.key)} theirs={<FieldValueView field={field} doc={merge.theirs} />}>
        {input}
      </MergeChoice>
    );
  return (
    <div className="field" data-field={field.key} id={`field-${field.key}`}>
      {grouped ? <div className="label-like">
          <strong>{field.label}</strong>
          {field.required ? <span className="muted"> (required to publish)</span> : null}
        </div> : (
        <label htmlFor={id}>
          {field.label}
          {field.required ? <span className="muted"> (required to publish)</span> : null}
          {field.type === 'datetime' ? <span className="utc">shown in UTC</span> : null}
        </label>
      )}
      {field.help ? <p className="help">{field.help}</p> : null}
      {input}
      {grouped && err ? <ErrorText id={`${id}-error`} message={err} /> : !grouped ? <ErrorText id={`${id}-error`} message={err} /> : null}
      {(warnings?.[field.key] ?? []).map((w) => (
        <p className="field-warning" key={w}>
          {w}
        </p>
      ))}
    </div>
  );
}

export function TemplateFormSections({
  template,
  values,
  errors,
  warnings,
  paste,
  merge,
}: {
  template: Template;
  values: FormValues;
  errors: FieldErrors;
  warnings?: Record<string, string[]>;
  paste?: FormContext['paste'];
  merge?: MergeView;
}) {
  const ctx: FormContext = { people: formPeople(template, values), paste, merge };
  let n = 0;
  return (
    <>
      {template.sections.map((s: Section) => (
        <fieldset className="card" key={s.key}>
          <legend>
            <h2>
              {s.layout === 'body' ? <span className="num">{++n}.</span> : null}
              {s.title}
            </h2>
          </legend>
          {s.description ? <p className="help">{s.description}</p> : null}
          <div className="stack">
            {s.fields.map((f) => (
              <FieldInput key={f.key} field={f} values={values} errors={errors} warnings={warnings} ctx={ctx} />
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}
