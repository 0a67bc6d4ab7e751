import { z } from 'zod';

/**
 * The one boundary for text. Every string that enters Kaizen (JSON bodies, forms, query strings,
 * template-derived fields, rich-text nodes) is checked with these before it reaches a model:
 * PostgreSQL cannot store NUL (U+0000) in `text` or `jsonb`, and a lone UTF-16 surrogate is not
 * a character at all (jsonb refuses its `\ud800` escape; UTF-8 cannot encode it, so a driver
 * would silently turn it into U+FFFD). Such text is refused with a 400 that names the field —
 * never stripped, so what is stored is exactly what was sent.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const NUL_MESSAGE = 'remove the NUL character (U+0000): it cannot be stored';
export const SURROGATE_MESSAGE = 'remove the broken character (a lone UTF-16 surrogate): it cannot be stored';

/** Why a string cannot be stored, or null when it can. */
export function unstorableReason(s: string): string | null {
  const m = UNSTORABLE.exec(s);
  if (!m) return null;
  return m[0] === '\u0000' ? NUL_MESSAGE : SURROGATE_MESSAGE;
}

export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/** `z.string()` that refuses NUL and lone surrogates; chain `.trim()`, `.max()`, … as usual. */
export function safeText(message?: string) {
  return z.string(message ? { error: message } : undefined).check((ctx) => {
    const reason = unstorableReason(ctx.value);
    if (reason) ctx.issues.push({ code: 'custom', message: reason, input: ctx.value });
  });
}

/**
 * Where in a JSON-like value (strings in values and keys, any depth) text cannot be stored.
 * Iterative, so a deeply nested value cannot overflow the stack.
 */
export function unstorableIssues(value: unknown, limit = 20): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length && issues.length < limit) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = unstorableReason(v);
      if (reason) issues.push({ path, message: reason });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i];
        const reason = unstorableReason(k);
        if (reason) issues.push({ path: [...path, k], message: `a key: ${reason}` });
        else stack.push({ v: child, path: [...path, k] });
      }
    }
  }
  return issues;
}

/** Any JSON value whose strings (and keys) can all be stored; for free-form JSON such as rich text. */
export function safeJson() {
  return z.unknown().check((ctx) => {
    for (const i of unstorableIssues(ctx.value)) ctx.issues.push({ code: 'custom', message: i.message, path: i.path, input: ctx.value });
  });
}
