import type { FactorValue } from '~/models/types';
import type { KindText } from '~/fields/text';
import { isArrayOf, isRecord, stored } from '~/fields/stored';

const isFactor = (f: unknown) =>
  isRecord(f) && typeof f.text === 'string' && Array.isArray(f.categories) && f.categories.every((c) => typeof c === 'string');

/** `Statement [category, category]`: how search, history and the no-JS list read a factor. */
export const factorLine = (f: FactorValue) => (f.categories.length ? `${f.text} [${f.categories.join(', ')}]` : f.text);

export const factorsText: KindText<'factors'> = {
  read: stored(isArrayOf<FactorValue>(isFactor)),
  isEmpty: (v) => v.length === 0,
  searchText: (_f, v) => v.map(factorLine).join('\n'),
  blamelessTexts: (_f, v) => v.map((x) => x.text),
  diffText: (_f, v) => v.map(factorLine).join('\n'),
};

/** Every category a factors value names, once each, in first-use order. */
export const categoriesOf = (v: readonly FactorValue[]) => [...new Set(v.flatMap((f) => f.categories))];
