import type { KindForm } from '~/fields/forms';
import { stringForm } from '~/fields/simple-form';

export const textForm: KindForm<'text'> = stringForm;
