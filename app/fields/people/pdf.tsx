import { inlinePdf } from '~/fields/pdf-parts';
import { TextValue } from '~/pdf/fields';
import { cleanText } from '~/pdf/sanitize';

export const peoplePdf = inlinePdf<'people'>(({ value = [] }) => <TextValue value={value.map(cleanText).join(', ')} />);
