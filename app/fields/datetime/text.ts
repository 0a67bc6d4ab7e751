import type { KindText } from '../text';
import { blank, isString, stored } from '../stored';

export const datetimeText: KindText<'datetime'> = {
  read: stored(isString),
  isEmpty: blank,
  searchText: (_f, v) => v,
  blamelessTexts: () => [],
  diffText: (_f, v) => v,
};
