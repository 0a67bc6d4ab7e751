import type { Field, Section } from '../../templates/schema';
import type { ChecklistAnswer, DocumentView, LinkValue, TimelineEntry } from '../models/types';
import { formatDuration, formatUtc } from '../lib/time';
import { RichTextView } from './rich-text-view';
import { isSafeLinkHref } from '../lib/richtext/text';

import { ACTION_STATUS_LABELS as STATUS_LABELS } from '../lib/labels';
const ANSWER_LABELS: Record<string, string> = { yes: 'Yes', no: 'No', na: 'n.a.' };

export function Utc({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">—</span>;
  return <time dateTime={iso}>{formatUtc(iso)}</time>;
}


function Empty() {
  return <span className="muted">Not filled in</span>;
}

/** One read-only view per field type; the same switch as the form, the PDF and search text. */
export function FieldValueView({ field, doc }: { field: Field; doc: DocumentView }) {
  const v = doc.fields[field.key];
  switch (field.type) {
    case 'computed': {
      const m = doc.computed[field.output];
      return m === null || m === undefined ? <span className="muted">—</span> : <span>{formatDuration(m)}</span>;
    }
    case 'actions': {
      const items = doc.actionItems.filter((a) => a.fieldKey === field.key);
      if (!items.length) return <Empty />;
      return (
        <table className="data">
          <thead>
            <tr>
              <th>Action</th>
              <th>Kind</th>
              <th>Owner</th>
              <th>Due</th>
              <th>Status</th>
              <th>Tracker</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{a.title}</td>
                <td>{a.kind}</td>
                <td>{a.owner ?? '—'}</td>
                <td>{a.dueDate ?? '—'}</td>
                <td>{STATUS_LABELS[a.status]}</td>
                <td>{a.url && isSafeLinkHref(a.url) ? <a href={a.url} rel="noopener noreferrer nofollow">{a.url}</a> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
  }
  if (v === undefined || v === null || v === '') return <Empty />;
  switch (field.type) {
    case 'richtext':
      return <RichTextView doc={v} />;
    case 'datetime':
      return <Utc iso={v as string} />;
    case 'people':
      return <span>{(v as string[]).join(', ')}</span>;
    case 'links':
      return (
        <ul className="plain">
          {(v as LinkValue[]).map((l, i) => (
            <li key={i}>{isSafeLinkHref(l.url) ? <a href={l.url} rel="noopener noreferrer nofollow">{l.label || l.url}</a> : l.url}</li>
          ))}
        </ul>
      );
    case 'select':
      return <span>{field.options.find((o) => o.value === v)?.label ?? String(v)}</span>;
    case 'timeline': {
      const entries = v as TimelineEntry[];
      if (!entries.length) return <Empty />;
      return (
        <table className="data timeline">
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Event</th>
              <th>Marker</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={i}>
                <td style={{ whiteSpace: 'nowrap' }}>
                  <Utc iso={e.at} />
                </td>
                <td>{e.text}</td>
                <td>{e.marker ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'checklist': {
      const answers = v as Record<string, ChecklistAnswer>;
      return (
        <table className="data checklist">
          <thead>
            <tr>
              <th>Question</th>
              <th>Answer</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {field.items.map((item) => (
              <tr key={item.key}>
                <td>
                  {item.label}
                  {item.gate ? <span className="gate">GATE</span> : null}
                </td>
                <td>{answers[item.key]?.answer ? ANSWER_LABELS[answers[item.key].answer!] : <span className="muted">Unanswered</span>}</td>
                <td>{answers[item.key]?.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    default:
      return <span style={{ whiteSpace: 'pre-wrap' }}>{String(v)}</span>;
  }
}

/** The document laid out like its template: header sections as a facts table, then numbered sections. */
export function DocumentBody({ doc }: { doc: DocumentView }) {
  let n = 0;
  return (
    <>
      {doc.template.sections.map((s: Section) =>
        s.layout === 'header' ? (
          <table className="facts" key={s.key} aria-label={s.title}>
            <tbody>
              {s.fields.map((f) => (
                <tr key={f.key} data-field={f.key}>
                  <th scope="row">
                    {f.label}
                    {f.type === 'datetime' ? <span className="utc">UTC</span> : null}
                  </th>
                  <td>
                    <FieldValueView field={f} doc={doc} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <section className="doc-section" key={s.key} aria-labelledby={`s-${s.key}`}>
            <h2 id={`s-${s.key}`}>
              <span className="num">{++n}.</span>
              {s.title}
            </h2>
            {s.fields.map((f) => (
              <div key={f.key} data-field={f.key}>
                {s.fields.length > 1 ? <h3>{f.label}</h3> : null}
                <FieldValueView field={f} doc={doc} />
              </div>
            ))}
          </section>
        ),
      )}
    </>
  );
}
