import type { KindForm } from '~/fields/forms';
import { formString } from '~/fields/form-rows';

export const peopleForm: KindForm<'people'> = {
  toForm: (_f, v) => (v ?? []).join('\n'),
  fromForm: (field, form) => {
    const v = formString(form, `f.${field.key}`);
    return { shown: v, raw: v };
  },
};

/** Names typed into a people input (one per line, or separated by , or ;). */
export const splitPeople = (typed: string) =>
  typed
    .split(/[\n,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
