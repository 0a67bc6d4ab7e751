import type { KindForm } from '~/fields/forms';
import { stringForm } from '~/fields/simple-form';

export const dateForm: KindForm<'date'> = stringForm;
