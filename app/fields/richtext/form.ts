import type { RichTextDoc } from '~/lib/richtext/markdown';
import type { KindForm } from '~/fields/forms';
import { formString } from '~/fields/form-rows';

/**
 * The posted value of a rich-text input as the form shows it again: the editor posts ProseMirror
 * JSON as a string, which must come back as a document (never as text); the no-JS textarea posts
 * Markdown, which comes back as Markdown.
 */
export function richTextFormValue(posted: string): RichTextDoc | string {
  if (!posted.trim().startsWith('{')) return posted;
  try {
    const v = JSON.parse(posted) as unknown;
    return v && typeof v === 'object' && (v as { type?: unknown }).type === 'doc' ? (v as RichTextDoc) : posted;
  } catch {
    return posted;
  }
}

export const richtextForm: KindForm<'richtext'> = {
  toForm: (_f, v) => v ?? '',
  fromForm: (field, form) => {
    const v = formString(form, `f.${field.key}`);
    return { shown: richTextFormValue(v), raw: v };
  },
};
