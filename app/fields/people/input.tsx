import type { KindInput } from '~/fields/inputs';

export const peopleInput: KindInput<'people'> = {
  Input: ({ common, value }) => <textarea {...common} rows={3} defaultValue={value ?? ''} placeholder="One name or email per line" />,
};
