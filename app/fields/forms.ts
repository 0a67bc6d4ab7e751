/**
 * The form layer of the field-kind registry: a stored value as the edit form's inputs show it, and a posted form
 * read back, for each kind. Browser-safe (the edit page renders with it).
 */
import type { Field } from '../../templates/schema';
import type { ActionRow } from '~/fields/form-rows';
import type { FieldKind, FieldOf, FieldSource, FieldValueOf, FormValueOf } from '~/fields/kind';
import { valueOf } from '~/fields/text';
import { actionsForm } from '~/fields/actions/form';
import { checklistForm } from '~/fields/checklist/form';
import { computedForm } from '~/fields/computed/form';
import { dateForm } from '~/fields/date/form';
import { datetimeForm } from '~/fields/datetime/form';
import { linksForm } from '~/fields/links/form';
import { peopleForm } from '~/fields/people/form';
import { richtextForm } from '~/fields/richtext/form';
import { selectForm } from '~/fields/select/form';
import { textForm } from '~/fields/text/form';
import { timelineForm } from '~/fields/timeline/form';
import { factorsForm } from '~/fields/factors/form';
import { tableForm } from '~/fields/table/form';

/** A posted field: what the form shows again, the raw value the value schema parses, and action rows. */
export type PostedField<K extends FieldKind> = { shown: FormValueOf<K>; raw?: unknown; rows?: ActionRow[] };

export type KindForm<K extends FieldKind> = {
  /** The stored value as the inputs show it; null for a kind without inputs. */
  toForm: ((field: FieldOf<K>, value: FieldValueOf<K> | undefined) => FormValueOf<K>) | null;
  /** Read the posted inputs of this field (`f.<key>…`); null for a kind without inputs. */
  fromForm: ((field: FieldOf<K>, form: FormData) => PostedField<K>) | null;
};

export const FIELD_FORMS = {
  text: textForm,
  richtext: richtextForm,
  datetime: datetimeForm,
  date: dateForm,
  select: selectForm,
  people: peopleForm,
  links: linksForm,
  timeline: timelineForm,
  checklist: checklistForm,
  actions: actionsForm,
  computed: computedForm,
  factors: factorsForm,
  table: tableForm,
} satisfies { [K in FieldKind]: KindForm<K> };

const formOf = <K extends FieldKind>(field: FieldOf<K>) => FIELD_FORMS[field.type as K] as unknown as KindForm<K>;

/** The field's form value, or undefined for a kind without inputs. */
export function fieldToForm(field: Field, src: FieldSource): unknown {
  const f = formOf(field);
  return f.toForm ? f.toForm(field, valueOf(field, src)) : undefined;
}

export function fieldFromForm(field: Field, form: FormData): PostedField<FieldKind> | null {
  const f = formOf(field);
  return f.fromForm ? f.fromForm(field, form) : null;
}
