import { inlinePdf } from '~/fields/pdf-parts';
import { TextValue } from '~/pdf/fields';
import { formatDuration } from '~/pdf/format';

export const computedPdf = inlinePdf<'computed'>(({ value }) => <TextValue value={formatDuration(value ?? null)} />);
