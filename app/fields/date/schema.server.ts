import { safeText } from '~/lib/safe-text';
import { isIsoDate } from '~/lib/time';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { dateText } from '~/fields/date/text';

export const dateValue: KindValue<'date'> = {
  input: () => safeText().trim().refine(isIsoDate, 'use a date like 2016-06-15'),
  required: requiredFilled(dateText.isEmpty),
  merge: 'scalar',
};
