import type { KindForm } from '../forms';
import { stringForm } from '../simple-form';

export const textForm: KindForm<'text'> = stringForm;
