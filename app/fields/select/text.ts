import type { FieldOf } from '../kind';
import type { KindText } from '../text';
import { blank, isString, stored } from '../stored';

/** The option's label, or the stored value when the template no longer offers it. */
export const selectLabel = (field: FieldOf<'select'>, v: string) => field.options.find((o) => o.value === v)?.label ?? v;

export const selectText: KindText<'select'> = {
  read: stored(isString),
  isEmpty: blank,
  searchText: selectLabel,
  blamelessTexts: () => [],
  diffText: selectLabel,
};
