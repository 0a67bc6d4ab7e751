import type { KindInput } from '~/fields/inputs';

export const linksInput: KindInput<'links'> = {
  Input: ({ common, value }) => (
    <textarea {...common} rows={3} defaultValue={value ?? ''} placeholder="https://… or Label | https://…, one per line" />
  ),
};
