import { z } from 'zod';
import { safeText } from '~/lib/safe-text';
import type { LinkValue } from '~/models/types';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { linksText } from '~/fields/links/text';

const safeUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^(https?:\/\/|mailto:)/i.test(u) && URL.canParse(u), 'use a full http(s):// or mailto: address');

const linkSchema = z.union([
  safeUrl.transform((url): LinkValue => ({ url })),
  z
    .object({ url: safeUrl, label: safeText().trim().max(300).optional() })
    .transform((l): LinkValue => (l.label ? { url: l.url, label: l.label } : { url: l.url })),
]);

/** `Label | https://…` or a bare address, one per line. */
function splitLinkLine(line: string): unknown {
  const m = /^(.*?)\s*\|\s*(\S+)$/.exec(line);
  return m?.[1] ? { label: m[1], url: m[2] } : line;
}

export const linksValue: KindValue<'links'> = {
  input: () =>
    z
      .union([
        z.string().transform((s) =>
          s
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map(splitLinkLine),
        ),
        z.array(z.unknown()),
      ])
      .pipe(z.array(linkSchema).max(100)),
  required: requiredFilled(linksText.isEmpty),
  merge: 'scalar',
};
