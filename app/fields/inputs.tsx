/**
 * The input layer of the field-kind registry: the edit form's control for each kind. Browser code (the rich-text
 * kind brings the tiptap editor, loaded only by the edit page).
 */
import type { ReactNode } from 'react';
import type { Field } from '../../templates/schema';
import type { FieldKind, FieldOf, FormValueOf } from '~/fields/kind';
import type { CommonInputProps, FieldErrors, FormContext } from '~/fields/input-parts';
import { actionsInput } from '~/fields/actions/input';
import { checklistInput } from '~/fields/checklist/input';
import { computedInput } from '~/fields/computed/input';
import { dateInput } from '~/fields/date/input';
import { datetimeInput } from '~/fields/datetime/input';
import { linksInput } from '~/fields/links/input';
import { peopleInput } from '~/fields/people/input';
import { richtextInput } from '~/fields/richtext/input';
import { selectInput } from '~/fields/select/input';
import { textInput } from '~/fields/text/input';
import { timelineInput } from '~/fields/timeline/input';
import { factorsInput } from '~/fields/factors/input';
import { tableInput } from '~/fields/table/input';

export type InputProps<K extends FieldKind> = {
  field: FieldOf<K>;
  value: FormValueOf<K> | undefined;
  common: CommonInputProps;
  errors: FieldErrors;
  ctx: FormContext;
};

export type KindInput<K extends FieldKind> = {
  /** The control; null for a kind the form does not edit. */
  Input: ((props: InputProps<K>) => ReactNode) | null;
  /** Several controls under one heading (a group, not one labelled input). */
  grouped?: boolean;
  /** Its label says the input is in UTC. */
  utcNote?: boolean;
};

export const FIELD_INPUTS = {
  text: textInput,
  richtext: richtextInput,
  datetime: datetimeInput,
  date: dateInput,
  select: selectInput,
  people: peopleInput,
  links: linksInput,
  timeline: timelineInput,
  checklist: checklistInput,
  actions: actionsInput,
  computed: computedInput,
  factors: factorsInput,
  table: tableInput,
} satisfies { [K in FieldKind]: KindInput<K> };

export const inputOf = <K extends FieldKind>(field: FieldOf<K>) => FIELD_INPUTS[field.type as K] as unknown as KindInput<K>;

/** The control of one field, or null when its kind has none. */
export function KindInputFor({
  field,
  value,
  common,
  errors,
  ctx,
}: {
  field: Field;
  value: unknown;
  common: CommonInputProps;
  errors: FieldErrors;
  ctx: FormContext;
}) {
  const { Input } = inputOf(field);
  return Input ? <Input field={field} value={value as never} common={common} errors={errors} ctx={ctx} /> : null;
}
