import { RichTextView } from '../../components/rich-text-view';
import type { KindView } from '../views';

export const richtextView: KindView<'richtext'> = {
  View: ({ value }) => <RichTextView doc={value} />,
};
