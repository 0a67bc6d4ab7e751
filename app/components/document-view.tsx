import type { Section } from '../../templates/schema';
import type { DocumentView } from '~/models/types';
import { FieldValueView, viewNotesUtc } from '~/fields/views';

export { FieldValueView } from '~/fields/views';
export { Utc } from '~/fields/view-parts';

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
                    {viewNotesUtc(f) ? <span className="utc">UTC</span> : null}
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
