import type { KindForm } from '../forms';
import { stringForm } from '../simple-form';

export const dateForm: KindForm<'date'> = stringForm;
