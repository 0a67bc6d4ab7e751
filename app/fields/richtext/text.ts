import type { RichTextDoc } from '~/lib/richtext/markdown';
import { docToPlainText } from '~/lib/richtext/text';
import { isEmptyRichText, isNode } from '~/lib/richtext/walk';
import type { KindText } from '~/fields/text';
import { stored } from '~/fields/stored';

const isDoc = (v: unknown): v is RichTextDoc => isNode(v) && v.type === 'doc';

export const richtextText: KindText<'richtext'> = {
  read: stored(isDoc),
  isEmpty: isEmptyRichText,
  searchText: (_f, v) => docToPlainText(v),
  blamelessTexts: (_f, v) => [docToPlainText(v)],
  diffText: (_f, v) => docToPlainText(v),
};
