import type { KindForm } from '../forms';

/** Computed from other fields: no inputs. */
export const computedForm: KindForm<'computed'> = { toForm: null, fromForm: null };
