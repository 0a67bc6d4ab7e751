import { View } from '@react-pdf/renderer';
import type { KindPdf } from '~/pdf/field-components';
import { s } from '~/pdf/styles';
import type { FieldKind } from '~/fields/kind';

/** A kind whose value is inline text: the same runs in a facts row and (in a paragraph) in a body section. */
export function inlinePdf<K extends FieldKind>(Fact: KindPdf<K>['Fact']): KindPdf<K> {
  return {
    Fact,
    Block: (p) => (
      <View style={s.p}>
        <Fact {...p} />
      </View>
    ),
    inline: true,
  };
}

/** A kind drawn as a table: below the label in a facts row, as is in a body section. */
export function tablePdf<K extends FieldKind>(Block: KindPdf<K>['Block'], rowsFit?: KindPdf<K>['rowsFit']): KindPdf<K> {
  return {
    Fact: (p) => (
      <View>
        <Block {...p} />
      </View>
    ),
    Block,
    inline: false,
    rowsFit,
  };
}
