import type { KindForm } from '~/fields/forms';
import { formString } from '~/fields/form-rows';

export const linksForm: KindForm<'links'> = {
  toForm: (_f, v) => (v ?? []).map((l) => (l.label ? `${l.label} | ${l.url}` : l.url)).join('\n'),
  fromForm: (field, form) => {
    const v = formString(form, `f.${field.key}`);
    return { shown: v, raw: v };
  },
};
