import { instantSchema } from '~/fields/instant.server';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { datetimeText } from '~/fields/datetime/text';

export const datetimeValue: KindValue<'datetime'> = {
  input: () => instantSchema,
  required: requiredFilled(datetimeText.isEmpty),
  merge: 'scalar',
  postedInstants: (raw) => (typeof raw === 'string' ? [raw] : []),
};
