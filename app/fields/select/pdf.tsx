import { inlinePdf } from '~/fields/pdf-parts';
import { TextValue } from '~/pdf/fields';
import { selectLabel } from '~/fields/select/text';

export const selectPdf = inlinePdf<'select'>(({ field, value }) => (
  <TextValue value={value === undefined ? '' : selectLabel(field, value)} />
));
