import type { KindForm } from '~/fields/forms';
import { stringForm } from '~/fields/simple-form';

export const selectForm: KindForm<'select'> = stringForm;
