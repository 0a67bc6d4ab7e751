/**
 * The text layer of the field-kind registry: reading a value from a document, whether it is empty, and the
 * plain texts other features need (search index, blameless check, revision diff). Light and browser-safe.
 */
import type { Field, Template } from '../../templates/schema';
import type { FieldKind, FieldOf, FieldSource, FieldValueOf } from '~/fields/kind';
import { actionsText } from '~/fields/actions/text';
import { checklistText } from '~/fields/checklist/text';
import { computedText } from '~/fields/computed/text';
import { dateText } from '~/fields/date/text';
import { datetimeText } from '~/fields/datetime/text';
import { linksText } from '~/fields/links/text';
import { peopleText } from '~/fields/people/text';
import { richtextText } from '~/fields/richtext/text';
import { selectText } from '~/fields/select/text';
import { textText } from '~/fields/text/text';
import { timelineText } from '~/fields/timeline/text';
import { factorsText } from '~/fields/factors/text';
import { tableText } from '~/fields/table/text';

export type KindText<K extends FieldKind> = {
  /** The value in this kind's shape, or undefined (stored values are checked on write; odd old data reads as absent). */
  read(field: FieldOf<K>, src: FieldSource): FieldValueOf<K> | undefined;
  /** Nothing to show. */
  isEmpty(value: FieldValueOf<K>, field: FieldOf<K>): boolean;
  /** Words for the search index. */
  searchText(field: FieldOf<K>, value: FieldValueOf<K>): string;
  /** Prose the blameless check reads (people's names, times and choices are not prose). */
  blamelessTexts(field: FieldOf<K>, value: FieldValueOf<K>): string[];
  /** The field as the revision diff compares it, or null when history does not show it. */
  diffText: ((field: FieldOf<K>, value: FieldValueOf<K>) => string) | null;
};

export const FIELD_TEXT = {
  text: textText,
  richtext: richtextText,
  datetime: datetimeText,
  date: dateText,
  select: selectText,
  people: peopleText,
  links: linksText,
  timeline: timelineText,
  checklist: checklistText,
  actions: actionsText,
  computed: computedText,
  factors: factorsText,
  table: tableText,
} satisfies { [K in FieldKind]: KindText<K> };

/**
 * A field's layer with its kind and value correlated: the one place where a field of any kind meets the entry
 * of its kind (TypeScript cannot follow `map[field.type]` for a union, hence the single cast).
 */
export function textOf<K extends FieldKind>(field: FieldOf<K>): KindText<K> {
  return FIELD_TEXT[field.type as K] as unknown as KindText<K>;
}

/** The value of `field` in `src`, typed by its kind. */
export function valueOf<K extends FieldKind>(field: FieldOf<K>, src: FieldSource): FieldValueOf<K> | undefined {
  return textOf(field).read(field, src);
}

export function isEmptyField(field: Field, src: FieldSource): boolean {
  const v = valueOf(field, src);
  return v === undefined || textOf(field).isEmpty(v, field);
}

/** Plain text of a stored value, for search indexing. */
export function fieldSearchText(field: Field, src: FieldSource): string {
  const v = valueOf(field, src);
  return v === undefined ? '' : textOf(field).searchText(field, v);
}

export function fieldBlamelessTexts(field: Field, src: FieldSource): string[] {
  const v = valueOf(field, src);
  return v === undefined ? [] : textOf(field).blamelessTexts(field, v);
}

/** The field's text for the revision diff; null when history leaves the kind out. */
export function fieldDiffText(field: Field, src: FieldSource): string | null {
  const layer = textOf(field);
  if (!layer.diffText) return null;
  const v = valueOf(field, src);
  return v === undefined || layer.isEmpty(v, field) ? '' : layer.diffText(field, v);
}

/** Fields of a template in order (templateFields without importing templates/schema, which brings zod to the browser). */
export const fieldsOf = (t: Pick<Template, 'sections'>): Field[] => t.sections.flatMap((s) => s.fields);

/** The fields of one kind, typed as that kind (the action-item lists, the people fields, the checklists, …). */
export function fieldsOfKind<K extends FieldKind>(t: Pick<Template, 'sections'>, kind: K): FieldOf<K>[] {
  return fieldsOf(t).filter((f): f is FieldOf<K> => f.type === kind);
}
