import type { KindValue } from '~/fields/values.server';

/** Derived by computeFacts; never posted, never required, never merged. */
export const computedValue: KindValue<'computed'> = {
  input: 'computed',
  required: () => [],
  merge: null,
};
