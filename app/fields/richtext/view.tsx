import { RichTextView } from '~/components/rich-text-view';
import type { KindView } from '~/fields/views';

export const richtextView: KindView<'richtext'> = {
  View: ({ value }) => <RichTextView doc={value} />,
};
