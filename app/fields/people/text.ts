import type { KindText } from '~/fields/text';
import { isArrayOf, isString, stored } from '~/fields/stored';

export const peopleText: KindText<'people'> = {
  read: stored(isArrayOf<string>(isString)),
  isEmpty: (v) => v.length === 0,
  searchText: (_f, v) => v.join(', '),
  blamelessTexts: () => [],
  diffText: (_f, v) => v.join(', '),
};
