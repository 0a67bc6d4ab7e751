import { safeText } from '~/lib/safe-text';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { textText } from '~/fields/text/text';

const MAX_TEXT = 20_000;

export const textValue: KindValue<'text'> = {
  input: (field) =>
    safeText()
      .max(field.maxLength ?? MAX_TEXT)
      .transform((s) => (field.multiline ? s.replace(/\r\n/g, '\n') : s.trim())),
  required: requiredFilled(textText.isEmpty),
  merge: 'scalar',
};
