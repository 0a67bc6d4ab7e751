import type { KindText } from '~/fields/text';
import { blank, isString, stored } from '~/fields/stored';

export const textText: KindText<'text'> = {
  read: stored(isString),
  isEmpty: blank,
  searchText: (_f, v) => v,
  blamelessTexts: (_f, v) => [v],
  diffText: (_f, v) => v,
};
