import type { KindText } from '~/fields/text';

/** Minutes derived from other fields (computeFacts), kept in the document's `computed` under the field's output. */
export const computedText: KindText<'computed'> = {
  read: (field, src) => {
    const m = src.computed?.[field.output];
    return typeof m === 'number' ? m : null;
  },
  isEmpty: (v) => v === null,
  searchText: () => '',
  blamelessTexts: () => [],
  // Derived: history shows the fields it comes from.
  diffText: null,
};
