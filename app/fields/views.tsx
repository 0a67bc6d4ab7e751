/**
 * The read-view layer of the field-kind registry: one component per kind for the document page (and the
 * "theirs" side of an edit conflict). Browser code: light imports only.
 */
import type { ReactNode } from 'react';
import type { Field } from '../../templates/schema';
import type { FieldKind, FieldOf, FieldSource, FieldValueOf } from '~/fields/kind';
import { textOf, valueOf } from '~/fields/text';
import { Empty } from '~/fields/view-parts';
import { actionsView } from '~/fields/actions/view';
import { checklistView } from '~/fields/checklist/view';
import { computedView } from '~/fields/computed/view';
import { dateView } from '~/fields/date/view';
import { datetimeView } from '~/fields/datetime/view';
import { linksView } from '~/fields/links/view';
import { peopleView } from '~/fields/people/view';
import { richtextView } from '~/fields/richtext/view';
import { selectView } from '~/fields/select/view';
import { textView } from '~/fields/text/view';
import { timelineView } from '~/fields/timeline/view';
import { factorsView } from '~/fields/factors/view';
import { tableView } from '~/fields/table/view';

export type KindView<K extends FieldKind> = {
  /** The value (never empty: the page shows "Not filled in" for an empty one unless `showsEmpty`). */
  View: (props: { field: FieldOf<K>; value: FieldValueOf<K> }) => ReactNode;
  /** The view draws its own empty state. */
  showsEmpty?: boolean;
  /** Its label says the value is in UTC. */
  utcNote?: boolean;
};

export const FIELD_VIEWS = {
  text: textView,
  richtext: richtextView,
  datetime: datetimeView,
  date: dateView,
  select: selectView,
  people: peopleView,
  links: linksView,
  timeline: timelineView,
  checklist: checklistView,
  actions: actionsView,
  computed: computedView,
  factors: factorsView,
  table: tableView,
} satisfies { [K in FieldKind]: KindView<K> };

const viewOf = <K extends FieldKind>(field: FieldOf<K>) => FIELD_VIEWS[field.type as K] as unknown as KindView<K>;

/** Whether the field's label notes UTC. */
export const viewNotesUtc = (field: Field) => !!viewOf(field).utcNote;

/** One field of a document, read-only, as its kind shows it. */
export function FieldValueView({ field, doc }: { field: Field; doc: FieldSource }) {
  const { View, showsEmpty } = viewOf(field);
  const v = valueOf(field, doc);
  if (v === undefined || (!showsEmpty && textOf(field).isEmpty(v, field))) return <Empty />;
  return <View field={field} value={v} />;
}
