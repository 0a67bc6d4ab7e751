import type { LinkValue } from '~/models/types';
import type { KindText } from '~/fields/text';
import { isArrayOf, isRecord, stored } from '~/fields/stored';

const isLink = (l: unknown) => isRecord(l) && typeof l.url === 'string' && (l.label === undefined || typeof l.label === 'string');
const text = (v: LinkValue[]) => v.map((l) => (l.label ? `${l.label} ${l.url}` : l.url)).join('\n');

export const linksText: KindText<'links'> = {
  read: stored(isArrayOf<LinkValue>(isLink)),
  isEmpty: (v) => v.length === 0,
  searchText: (_f, v) => text(v),
  blamelessTexts: () => [],
  diffText: (_f, v) => text(v),
};
