import type { KindValue } from '~/fields/values.server';

/** Action items are rows (action_items), written by the document model from the posted rows. */
export const actionsValue: KindValue<'actions'> = {
  input: 'rows',
  required: (field, _value, ctx) =>
    ctx.actionCounts[field.key] ? [] : [{ path: ['fields', field.key], message: `Add at least one item to ${field.label}.` }],
  merge: 'actions',
};
