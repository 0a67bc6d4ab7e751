import { z } from 'zod';
import { docToMarkdown, parseRichText } from '~/lib/richtext/schema.server';
import { unstorableIssues } from '~/lib/safe-text';
import type { KindValue } from '~/fields/values.server';
import { requiredFilled } from '~/fields/required.server';
import { richtextText } from '~/fields/richtext/text';

const normaliseMarkdown = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();

export const richtextValue: KindValue<'richtext'> = {
  // tiptap JSON, a JSON string of it, or Markdown (converted on the way in).
  input: () =>
    z.unknown().transform((v, ctx) => {
      const r = parseRichText(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      // Checked after parsing: a JSON string input writes NUL as the escape "\u0000".
      const bad = unstorableIssues(r.doc);
      if (bad.length) {
        for (const i of bad) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
        return z.NEVER;
      }
      return r.doc;
    }),
  required: requiredFilled(richtextText.isEmpty),
  unchanged: (raw, stored) =>
    typeof raw === 'string' &&
    !raw.trim().startsWith('{') &&
    normaliseMarkdown(raw) === normaliseMarkdown(stored ? docToMarkdown(stored) : ''),
  merge: 'scalar',
};
