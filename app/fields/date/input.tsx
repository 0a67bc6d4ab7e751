import type { KindInput } from '../inputs';

export const dateInput: KindInput<'date'> = {
  Input: ({ common, value }) => <input {...common} type="date" defaultValue={value ?? ''} />,
};
