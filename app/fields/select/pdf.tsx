import { inlinePdf } from '../pdf-parts';
import { TextValue } from '../../pdf/fields';
import { selectLabel } from './text';

export const selectPdf = inlinePdf<'select'>(({ field, value }) => <TextValue value={value === undefined ? '' : selectLabel(field, value)} />);
