/**
 * The field-kind registry's types. Every layer (value schema, form, input, read view, PDF, text) is a map from
 * kind to that layer's part, typed `satisfies { [K in FieldKind]: … }`: a kind added to FIELD_TYPES that misses a
 * layer does not compile (test/unit/field-registry.test.ts proves it). Type imports only: this module ships to
 * the browser, and templates/schema brings zod.
 */
import type { Field, FieldType } from '../../templates/schema';
import type { ChecklistAnswer, FactorValue, FieldValues, LinkValue, TableRow, TimelineEntry } from '~/models/types';
import type { RichTextDoc } from '~/lib/richtext/markdown';
import type { ActionRow, FactorRow, TimelineRow } from '~/fields/form-rows';

export type FieldKind = FieldType;
export type FieldOf<K extends FieldKind> = Extract<Field, { type: K }>;

export type ChecklistAnswers = Record<string, ChecklistAnswer>;
/** An action item as the field layers read it (a stored row, a revision's copy, or the API's view). */
export type ActionItemValue = {
  id?: string;
  version?: number;
  fieldKey: string;
  title: string;
  kind: string;
  owner: string | null;
  /** The owner's account (null: free text for someone without one; absent where not known, as in a form's rows). */
  ownerUserId?: string | null;
  dueDate: string | null;
  status: string;
  url: string | null;
};

/**
 * A field's value as the layers read it. Most kinds store it in the document's `fields`; `computed` reads its
 * minutes from `computed`, `actions` its rows from the action items.
 */
type Values = {
  text: string;
  richtext: RichTextDoc;
  datetime: string /* UTC ISO */;
  date: string /* YYYY-MM-DD */;
  select: string;
  people: string[];
  links: LinkValue[];
  timeline: TimelineEntry[] /* time order */;
  checklist: ChecklistAnswers;
  actions: ActionItemValue[];
  computed: number | null;
  factors: FactorValue[];
  table: TableRow[];
};
export type FieldValueOf<K extends FieldKind> = Values[K];

/** What the edit form's inputs hold for a kind (a posted form comes back in the same shape). */
type FormValues = {
  text: string;
  /** A document from the editor, or Markdown typed into the no-JS textarea. */
  richtext: RichTextDoc | string;
  datetime: string;
  date: string;
  select: string;
  /** One per line. */
  people: string;
  /** `url` or `Label | url`, one per line. */
  links: string;
  timeline: TimelineRow[];
  checklist: ChecklistAnswers;
  actions: ActionRow[];
  computed: undefined;
  factors: FactorRow[];
  /** Cells by column key, blank rows included. */
  table: Record<string, string>[];
};
export type FormValueOf<K extends FieldKind> = FormValues[K];

/** Both tables cover every kind: a kind missing from either is named in the error ("Property 'x' is missing"). */
type CoversEveryKind<T extends Record<FieldKind, unknown>> = T;
export type KindTables = [CoversEveryKind<Values>, CoversEveryKind<FormValues>];

/** Where a field's value is read from: a document, a revision snapshot, an edit state. */
export type FieldSource = {
  fields: FieldValues;
  computed?: Record<string, number | null | undefined>;
  actionItems?: readonly ActionItemValue[];
};

/** A field with its kind and value correlated, as each layer's dispatcher hands it over. */
export type KindArgs<K extends FieldKind> = { field: FieldOf<K>; value: FieldValueOf<K> | undefined };
