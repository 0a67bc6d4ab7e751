import type { Field, Section, Template } from '../../templates/schema';
import type { FormValues } from '~/lib/document-form';
import { FieldValueView } from '~/fields/views';
import { KindInputFor, inputOf } from '~/fields/inputs';
import { ErrorText, type FieldErrors, type FormContext, type MergeView } from '~/fields/input-parts';
import { splitPeople } from '~/fields/people/form';
import { fieldsOfKind } from '~/fields/text';
import { MergeChoice } from '~/components/merge-choice';

export type { FieldErrors, FormContext, MergeView } from '~/fields/input-parts';

/** People named in the form's `people` fields (one per line), for the blameless check. */
export function formPeople(template: Template, values: FormValues): string[] {
  return fieldsOfKind(template, 'people').flatMap((f) => splitPeople(String(values[f.key] ?? '')));
}

/** One field of the edit form: its label, help, the control of its kind (app/fields/<kind>/input.tsx), errors and warnings. */
export function FieldInput({
  field,
  values,
  errors,
  warnings,
  ctx = { people: [] },
}: {
  field: Field;
  values: FormValues;
  errors: FieldErrors;
  warnings?: Record<string, string[]>;
  ctx?: FormContext;
}) {
  const kind = inputOf(field);
  if (!kind.Input) return null;
  const id = `f-${field.key}`;
  const path = `fields.${field.key}`;
  const err = errors[path];
  const common = { id, name: `f.${field.key}`, 'aria-invalid': !!err, 'aria-describedby': err ? `${id}-error` : undefined };
  let input = <KindInputFor field={field} value={values[field.key]} common={common} errors={errors} ctx={ctx} />;
  const grouped = !!kind.grouped;
  const merge = ctx.merge;
  if (merge?.conflicts.includes(field.key))
    input = (
      <MergeChoice
        fieldKey={field.key}
        label={field.label}
        version={merge.theirs.version}
        missing={merge.unresolved.includes(field.key)}
        theirs={<FieldValueView field={field} doc={merge.theirs} />}
      >
        {input}
      </MergeChoice>
    );
  return (
    <div className="field" data-field={field.key} id={`field-${field.key}`}>
      {grouped ? (
        <div className="label-like">
          <strong>{field.label}</strong>
          {field.required ? <span className="muted"> (required to publish)</span> : null}
        </div>
      ) : (
        <label htmlFor={id}>
          {field.label}
          {field.required ? <span className="muted"> (required to publish)</span> : null}
          {kind.utcNote ? <span className="utc">shown in UTC</span> : null}
        </label>
      )}
      {field.help ? <p className="help">{field.help}</p> : null}
      {input}
      <ErrorText id={`${id}-error`} message={err} />
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
  factorCategories,
  mentionsUrl,
  owners,
  live,
  liveValues,
}: {
  /** Live co-editing: the shared document, and the values (with a revision per field) it brought in. */
  live?: FormContext['live'];
  liveValues?: { values: FormValues; revisions: Record<string, number> };
  mentionsUrl?: string;
  owners?: FormContext['owners'];
  template: Template;
  values: FormValues;
  errors: FieldErrors;
  warnings?: Record<string, string[]>;
  paste?: FormContext['paste'];
  merge?: MergeView;
  factorCategories?: FormContext['factorCategories'];
}) {
  const shown = liveValues ? { ...values, ...liveValues.values } : values;
  const ctx: FormContext = { people: formPeople(template, shown), paste, merge, factorCategories, mentionsUrl, owners, live };
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
              // A field whose value came in from the live document is drawn anew with it (its inputs keep no old state).
              <FieldInput
                key={`${f.key}-${liveValues?.revisions[f.key] ?? 0}`}
                field={f}
                values={shown}
                errors={errors}
                warnings={warnings}
                ctx={ctx}
              />
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}
