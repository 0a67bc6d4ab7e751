import { z } from 'zod';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { selectText } from '~/fields/select/text';

export const selectValue: KindValue<'select'> = {
  input: (field) => z.enum(field.options.map((o) => o.value) as [string, ...string[]]),
  required: requiredFilled(selectText.isEmpty),
  merge: 'scalar',
};
