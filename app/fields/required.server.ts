import type { FieldKind, FieldOf, FieldValueOf } from '~/fields/kind';
import type { FieldIssue } from '~/fields/values.server';

/** The usual required check: the kind's text layer says the value shows something. */
export const requiredFilled =
  <K extends FieldKind>(isEmpty: (v: FieldValueOf<K>, f: FieldOf<K>) => boolean, message = (label: string) => `${label} is required.`) =>
  (field: FieldOf<K>, value: FieldValueOf<K> | undefined): FieldIssue[] =>
    value === undefined || isEmpty(value, field) ? [{ path: ['fields', field.key], message: message(field.label) }] : [];
