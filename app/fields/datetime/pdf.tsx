import { inlinePdf } from '~/fields/pdf-parts';
import { TextValue } from '~/pdf/fields';
import { formatUtc } from '~/pdf/format';

export const datetimePdf = inlinePdf<'datetime'>(({ value }) => <TextValue value={value ? formatUtc(value) : ''} />);
