import { useState } from 'react';
import { BlamelessHints } from '~/components/blameless-panel';
import { RichTextEditor } from '~/components/rich-text-editor';
import type { KindInput } from '~/fields/inputs';
import { richTextFragmentName } from '~/collab/names';

export const richtextInput: KindInput<'richtext'> = {
  Input: function RichTextWithHints({ common, field, value, ctx }) {
    const [text, setText] = useState('');
    return (
      <>
        <RichTextEditor
          name={common.name}
          id={common.id}
          label={field.label}
          defaultValue={value || null}
          aria-describedby={common['aria-describedby']}
          onTextChange={setText}
          mentionsUrl={ctx.mentionsUrl}
          live={ctx.live ? { session: ctx.live, fragment: richTextFragmentName(field.key) } : undefined}
        />
        <BlamelessHints text={text} people={ctx.people} fieldKey={field.key} />
      </>
    );
  },
};
