import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { peopleText } from '~/fields/people/text';

export const peopleValue: KindValue<'people'> = {
  input: () =>
    z
      .union([z.string().transform((s) => s.split(/[\n,;]/)), z.array(z.string())]) // text checked by the pipe below
      .transform((a) => a.map((p) => p.trim()).filter(Boolean))
      .pipe(z.array(safeText().max(200)).max(100)),
  required: requiredFilled(peopleText.isEmpty),
  merge: 'scalar',
};
