import type { KindForm } from '../forms';
import { stringForm } from '../simple-form';

export const selectForm: KindForm<'select'> = stringForm;
