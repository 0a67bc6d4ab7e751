import type { KindInput } from '~/fields/inputs';

export const datetimeInput: KindInput<'datetime'> = {
  Input: ({ common, value }) => (
    <input {...common} defaultValue={value ?? ''} placeholder="2016-06-15 22:04 UTC, or 10:04 PM CST, or 2016-06-15T22:04-05:00" />
  ),
  utcNote: true,
};
