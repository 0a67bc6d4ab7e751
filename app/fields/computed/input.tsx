import type { KindInput } from '~/fields/inputs';

/** Computed from other fields: nothing to type. */
export const computedInput: KindInput<'computed'> = { Input: null };
