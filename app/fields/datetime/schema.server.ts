import { instantSchema } from '../instant.server';
import type { KindValue } from '../values.server';
import { requiredFilled } from '../required.server';
import { datetimeText } from './text';

export const datetimeValue: KindValue<'datetime'> = {
  input: () => instantSchema,
  required: requiredFilled(datetimeText.isEmpty),
  merge: 'scalar',
  postedInstants: (raw) => (typeof raw === 'string' ? [raw] : []),
};
