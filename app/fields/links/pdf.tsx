import { inlinePdf } from '~/fields/pdf-parts';
import { LinksValue } from '~/pdf/fields';

export const linksPdf = inlinePdf<'links'>(({ value = [] }) => <LinksValue links={value} />);
