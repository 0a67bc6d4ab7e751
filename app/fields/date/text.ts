import type { KindText } from '../text';
import { blank, isString, stored } from '../stored';

export const dateText: KindText<'date'> = {
  read: stored(isString),
  isEmpty: blank,
  searchText: (_f, v) => v,
  blamelessTexts: () => [],
  diffText: (_f, v) => v,
};
