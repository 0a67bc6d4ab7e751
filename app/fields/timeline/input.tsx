import { TimelineEditor } from '~/components/timeline-editor';
import type { KindInput } from '~/fields/inputs';

export const timelineInput: KindInput<'timeline'> = {
  Input: ({ field, value, errors, ctx }) => (
    <TimelineEditor
      fieldKey={field.key}
      label={field.label}
      rows={value ?? []}
      errors={errors}
      paste={ctx.paste?.fieldKey === field.key ? ctx.paste : undefined}
    />
  ),
  grouped: true,
};
