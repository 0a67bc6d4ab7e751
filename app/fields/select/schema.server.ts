import { z } from 'zod';
import type { KindValue } from '../values.server';
import { requiredFilled } from '../required.server';
import { selectText } from './text';

export const selectValue: KindValue<'select'> = {
  input: (field) => z.enum(field.options.map((o) => o.value) as [string, ...string[]]),
  required: requiredFilled(selectText.isEmpty),
  merge: 'scalar',
};
