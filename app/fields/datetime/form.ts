import { toDatetimeLocalUtc } from '~/lib/time';
import type { KindForm } from '~/fields/forms';
import { stringForm } from '~/fields/simple-form';

// Keeps seconds when there are any (formatUtc drops them), so saving a form never moves an instant.
export const utcInput = (iso: string | undefined) => (iso ? toDatetimeLocalUtc(iso) : '');

export const datetimeForm: KindForm<'datetime'> = {
  toForm: (_f, v) => utcInput(v),
  fromForm: stringForm.fromForm,
};
