import { inlinePdf } from '~/fields/pdf-parts';
import { TextValue } from '~/pdf/fields';

export const datePdf = inlinePdf<'date'>(({ value }) => <TextValue value={value} />);
