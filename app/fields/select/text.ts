import type { FieldOf } from '~/fields/kind';
import type { KindText } from '~/fields/text';
import { blank, isString, stored } from '~/fields/stored';

/** The option's label, or the stored value when the template no longer offers it. */
export const selectLabel = (field: FieldOf<'select'>, v: string) => field.options.find((o) => o.value === v)?.label ?? v;

export const selectText: KindText<'select'> = {
  read: stored(isString),
  isEmpty: blank,
  searchText: selectLabel,
  blamelessTexts: () => [],
  diffText: selectLabel,
};
