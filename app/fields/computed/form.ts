import type { KindForm } from '~/fields/forms';

/** Computed from other fields: no inputs. */
export const computedForm: KindForm<'computed'> = { toForm: null, fromForm: null };
