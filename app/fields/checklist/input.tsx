import type { KindInput } from '~/fields/inputs';
import { ErrorText, errorUnder } from '~/fields/input-parts';
import { CHECKLIST_ANSWERS, answerLabel } from '~/fields/checklist/text';

export const checklistInput: KindInput<'checklist'> = {
  Input: ({ field, value = {}, errors }) => (
    <div role="group" aria-label={field.label}>
      {field.items.map((item) => {
        const a = value[item.key];
        const base = `fields.${field.key}.${item.key}`;
        return (
          <div className="checklist-item" key={item.key}>
            <div>
              <strong>{item.label}</strong>
              {item.gate ? <span className="gate">GATE</span> : null}
            </div>
            {item.help ? <p className="help">{item.help}</p> : null}
            <fieldset aria-label={item.label}>
              {CHECKLIST_ANSWERS.map((ans) => (
                <label key={ans}>
                  <input type="radio" name={`f.${field.key}.${item.key}.answer`} value={ans} defaultChecked={a?.answer === ans} />{' '}
                  {answerLabel(ans)}
                </label>
              ))}
            </fieldset>
            <input
              name={`f.${field.key}.${item.key}.note`}
              defaultValue={a?.note ?? ''}
              placeholder="Note"
              aria-label={`${item.label} note`}
            />
            <ErrorText id={`${base}-error`} message={errorUnder(errors, base)} />
          </div>
        );
      })}
    </div>
  ),
  grouped: true,
};
