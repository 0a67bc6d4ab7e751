import type { ActionItemValue } from '~/fields/kind';
import type { KindText } from '~/fields/text';

const rowText = (a: ActionItemValue) =>
  [a.title, a.kind, a.owner ? `owner ${a.owner}` : '', a.dueDate ? `due ${a.dueDate}` : '', a.status.replace('_', ' '), a.url ?? '']
    .filter(Boolean)
    .join(' · ');

/** Action items are rows of their own (action_items), listed under the field they were added to. */
export const actionsText: KindText<'actions'> = {
  read: (field, src) => (src.actionItems ?? []).filter((a) => a.fieldKey === field.key),
  isEmpty: (v) => v.length === 0,
  // Their titles are indexed with the document (searchTextOf), not as a field.
  searchText: () => '',
  blamelessTexts: () => [],
  diffText: (_f, v) => v.map(rowText).join('\n'),
};
