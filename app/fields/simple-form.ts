import type { KindForm } from '~/fields/forms';
import { formString } from '~/fields/form-rows';

/** The form of a kind shown in one string input and posted as typed (text, date, select). */
export const stringForm = {
  toForm: (_f: unknown, v: string | undefined) => v ?? '',
  fromForm: (field: { key: string }, form: FormData) => {
    const v = formString(form, `f.${field.key}`);
    return { shown: v, raw: v };
  },
} satisfies KindForm<'text' | 'date' | 'select'>;
