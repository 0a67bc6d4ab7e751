import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import { parseInstant } from '~/lib/time';

/** An instant as typed (any offset or zone the time module reads), stored as UTC ISO. */
export const instantSchema = safeText().transform((s, ctx) => {
  const r = parseInstant(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  }
  return r.iso;
});

export const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
