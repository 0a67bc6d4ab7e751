import type { KindMarkdown } from '~/fields/markdown';
import { selectLabel } from '~/fields/select/text';

export const selectMarkdown: KindMarkdown<'select'> = {
  toMarkdown: selectLabel,
  // The option with that label (or value); anything else goes to the schema, which names the options.
  fromMarkdown: (field, body) => field.options.find((o) => o.label === body || o.value === body)?.value ?? body,
};
