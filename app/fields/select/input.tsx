import type { KindInput } from '~/fields/inputs';

export const selectInput: KindInput<'select'> = {
  Input: ({ common, field, value }) => (
    <select {...common} defaultValue={value ?? ''}>
      <option value="">—</option>
      {field.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  ),
};
