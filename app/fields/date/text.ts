import type { KindText } from '~/fields/text';
import { blank, isString, stored } from '~/fields/stored';

export const dateText: KindText<'date'> = {
  read: stored(isString),
  isEmpty: blank,
  searchText: (_f, v) => v,
  blamelessTexts: () => [],
  diffText: (_f, v) => v,
};
