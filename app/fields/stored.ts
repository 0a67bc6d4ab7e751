import type { FieldSource } from '~/fields/kind';

/** `read` for a kind kept in the document's `fields`: the stored value when it has the kind's shape. */
export const stored =
  <V>(is: (v: unknown) => v is V) =>
  (field: { key: string }, src: FieldSource): V | undefined => {
    const v = src.fields?.[field.key];
    return is(v) ? v : undefined;
  };

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isArrayOf =
  <T>(item: (x: unknown) => boolean) =>
  (v: unknown): v is T[] =>
    Array.isArray(v) && v.every(item);
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const blank = (s: string) => s.trim() === '';
