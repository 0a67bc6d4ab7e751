import { inlinePdf } from '~/fields/pdf-parts';
import { TextValue } from '~/pdf/fields';

export const textPdf = inlinePdf<'text'>(({ value }) => <TextValue value={value} />);
