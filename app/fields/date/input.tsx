import type { KindInput } from '~/fields/inputs';

export const dateInput: KindInput<'date'> = {
  Input: ({ common, value }) => <input {...common} type="date" defaultValue={value ?? ''} />,
};
