/**
 * The value layer of the field-kind registry (server only: zod and the rich-text validator): the lenient schema a
 * posted value meets in a draft, the strict check a required field meets in review and on publishing, and how the
 * edit merge treats the kind.
 */
import type { z } from 'zod';
import type { Field } from '../../templates/schema';
import type { MergeKind } from '~/lib/merge';
import type { FieldKind, FieldOf, FieldSource, FieldValueOf } from '~/fields/kind';
import { valueOf } from '~/fields/text';
import { actionsValue } from '~/fields/actions/schema.server';
import { checklistValue } from '~/fields/checklist/schema.server';
import { computedValue } from '~/fields/computed/schema.server';
import { dateValue } from '~/fields/date/schema.server';
import { datetimeValue } from '~/fields/datetime/schema.server';
import { linksValue } from '~/fields/links/schema.server';
import { peopleValue } from '~/fields/people/schema.server';
import { richtextValue } from '~/fields/richtext/schema.server';
import { selectValue } from '~/fields/select/schema.server';
import { textValue } from '~/fields/text/schema.server';
import { timelineValue } from '~/fields/timeline/schema.server';
import { factorsValue } from '~/fields/factors/schema.server';
import { tableValue } from '~/fields/table/schema.server';

export type FieldIssue = { path: (string | number)[]; message: string };
/** What the strict check knows beside the fields: how many action items each actions field has. */
export type StrictContext = { actionCounts: Record<string, number> };

export type KindValue<K extends FieldKind> = {
  /**
   * How a posted value is taken: a lenient (draft) schema of the stored shape; `computed` refuses any value
   * (derived); `rows` means the caller stores action items instead.
   */
  input: ((field: FieldOf<K>) => z.ZodType<FieldValueOf<K>>) | 'computed' | 'rows';
  /** Whether an empty array posted clears the field (default yes; a timeline keeps its empty list). */
  emptyListClears?: boolean;
  /** Strict (in review, published): what a required field lacks, with its path. */
  required(field: FieldOf<K>, value: FieldValueOf<K> | undefined, ctx: StrictContext): FieldIssue[];
  /**
   * Strict (in review, published): what the value lacks whether or not the field is required (a checklist's
   * required questions, n.a. reasons, evidence). Replaces `required` when present.
   */
  strict?(field: FieldOf<K>, value: FieldValueOf<K> | undefined, ctx: StrictContext): FieldIssue[];
  /** How the edit merge pairs its parts (null: never edited in the form). */
  merge: MergeKind | null;
  /**
   * A posted value that means "as stored" though it is written differently (rich text posted as Markdown by the
   * no-JS textarea: a Markdown round trip may not give back the very same JSON).
   */
  unchanged?(raw: unknown, stored: FieldValueOf<K> | undefined): boolean;
  /** Instants typed into a posted raw value, checked for advisory warnings (e.g. CST used in June). */
  postedInstants?(raw: unknown): unknown[];
};

export const FIELD_VALUES = {
  text: textValue,
  richtext: richtextValue,
  datetime: datetimeValue,
  date: dateValue,
  select: selectValue,
  people: peopleValue,
  links: linksValue,
  timeline: timelineValue,
  checklist: checklistValue,
  actions: actionsValue,
  computed: computedValue,
  factors: factorsValue,
  table: tableValue,
} satisfies { [K in FieldKind]: KindValue<K> };

export const valueLayerOf = <K extends FieldKind>(field: FieldOf<K>) => FIELD_VALUES[field.type as K] as unknown as KindValue<K>;

/** Strict issues of one field of a document. */
export function fieldStrictIssues(field: Field, src: FieldSource, ctx: StrictContext): FieldIssue[] {
  const layer = valueLayerOf(field);
  if (layer.strict) return layer.strict(field, valueOf(field, src), ctx);
  return field.required ? layer.required(field, valueOf(field, src), ctx) : [];
}
