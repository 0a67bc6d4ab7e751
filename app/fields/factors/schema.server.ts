import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import { FACTOR_CATEGORY_PATTERN, FACTOR_CATEGORY_RULE, normalizeCategory } from '~/lib/factor-categories';
import type { FactorValue } from '~/models/types';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { factorsText } from '~/fields/factors/text';

const category = z.string().transform(normalizeCategory).pipe(z.string().regex(FACTOR_CATEGORY_PATTERN, FACTOR_CATEGORY_RULE));

const factorSchema = z
  .object({
    text: safeText().trim().min(1, 'write the factor as a short statement').max(500),
    categories: z
      .array(category)
      .min(1, 'pick at least one category')
      .max(5, 'pick at most 5 categories')
      .transform((c) => [...new Set(c)]),
  })
  .transform((f): FactorValue => ({ text: f.text, categories: f.categories }));

/** `Statement [category, category]`, one per line (the API's and a paste's shorthand). */
function splitFactorLine(line: string): unknown {
  const m = /^(.*?)\s*\[([^\]]*)\]\s*$/.exec(line);
  return m
    ? {
        text: m[1],
        categories: m[2]
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
      }
    : { text: line, categories: [] };
}

export const factorsValue: KindValue<'factors'> = {
  input: () =>
    z
      .union([
        z.string().transform((s) =>
          s
            .split('\n')
            .map((l) => l.replace(/^\s*[-*]\s+/, '').trim())
            .filter(Boolean)
            .map(splitFactorLine),
        ),
        z.array(z.unknown()).transform((items) => items.map((x) => (typeof x === 'string' ? splitFactorLine(x.trim()) : x))),
      ])
      .pipe(z.array(factorSchema).max(50, 'at most 50 factors')),
  required: requiredFilled(factorsText.isEmpty, (label) => `${label}: add at least one contributing factor.`),
  merge: 'scalar',
};
