import type { KindForm } from '~/fields/forms';
import { formRows, type TimelineRow } from '~/fields/form-rows';
import { utcInput } from '~/fields/datetime/form';

/** Proposed entries (from a paste reviewed without JavaScript) whose checkbox was left checked. */
function pickedPasteRows(form: FormData, fieldKey: string): TimelineRow[] {
  const p = `paste.${fieldKey}`;
  return form
    .getAll(`${p}.pick`)
    .map(String)
    .filter((i) => /^\d{1,4}$/.test(i))
    .map((i) => ({ at: String(form.get(`${p}.${i}.at`) ?? ''), text: String(form.get(`${p}.${i}.text`) ?? ''), marker: '' }));
}

export const timelineForm: KindForm<'timeline'> = {
  toForm: (_f, v) => (v ?? []).map((e): TimelineRow => ({ at: utcInput(e.at), text: e.text, marker: e.marker ?? '' })),
  fromForm: (field, form) => {
    const r = formRows(form, `f.${field.key}.`, ['at', 'text', 'marker']).map(
      (x): TimelineRow => ({ at: x.at ?? '', text: x.text ?? '', marker: x.marker ?? '' }),
    );
    const kept = [...r, ...pickedPasteRows(form, field.key)].filter((x) => x.at.trim() || x.text.trim());
    return { shown: kept, raw: kept.map((x) => ({ at: x.at, text: x.text, marker: x.marker || undefined })) };
  },
};
