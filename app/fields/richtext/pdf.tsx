import { View } from '@react-pdf/renderer';
import { docToPlainText } from '~/lib/richtext/text';
import type { KindPdf } from '~/pdf/field-components';
import { Empty, keepRow } from '~/pdf/fields';
import { RichText, listItemsFit } from '~/pdf/richtext';
import type { RichTextDoc } from '~/lib/richtext/markdown';
import { isEmptyRichText } from '~/lib/richtext/walk';

const empty = (v: RichTextDoc | undefined) => v === undefined || isEmptyRichText(v);

export const richtextPdf: KindPdf<'richtext'> = {
  Fact: ({ value }) =>
    empty(value) ? (
      <Empty />
    ) : (
      <View>
        <RichText value={value} />
      </View>
    ),
  Block: ({ value }) => (empty(value) ? <Empty /> : <RichText value={value} />),
  inline: false,
  splitsFactRow: true,
  rowsFit: (_f, value, inHeader) => {
    if (!listItemsFit(value)) return false;
    if (!inHeader || isEmptyRichText(value)) return true;
    const text = docToPlainText(value);
    return keepRow(text) && text.split('\n').length < 24;
  },
};
