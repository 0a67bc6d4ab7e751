import { useState } from 'react';
import { BlamelessHints } from '~/components/blameless-panel';
import type { KindInput } from '~/fields/inputs';

export const textInput: KindInput<'text'> = {
  Input: function TextWithHints({ common, field, value = '', ctx }) {
    const [text, setText] = useState(value);
    const onChange = (e: { target: { value: string } }) => setText(e.target.value);
    return (
      <>
        {field.multiline ? (
          <textarea {...common} defaultValue={value} onChange={onChange} />
        ) : (
          <input {...common} defaultValue={value} onChange={onChange} />
        )}
        <BlamelessHints text={text} people={ctx.people} fieldKey={field.key} />
      </>
    );
  },
};
