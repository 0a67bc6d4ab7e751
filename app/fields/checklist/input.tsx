import type { KindInput } from '~/fields/inputs';
import { ErrorText, errorUnder } from '~/fields/input-parts';
import { CHECKLIST_ANSWERS, answerLabel, answeredByText, evidenceAge, utcToday } from '~/fields/checklist/text';
import { BLANK_EVIDENCE_ROWS } from '~/fields/checklist/form';
import type { ChecklistEvidence } from '~/models/types';
import { ProposedFrom } from '~/fields/checklist/view';

export const checklistInput: KindInput<'checklist'> = {
  Input: ({ field, value = {}, errors }) => {
    const today = utcToday();
    return (
      <div role="group" aria-label={field.label}>
        {field.items.map((item) => {
          const a = value[item.key];
          const base = `fields.${field.key}.${item.key}`;
          const name = `f.${field.key}.${item.key}`;
          const rows: Partial<ChecklistEvidence>[] = [...(a?.evidence ?? []), ...Array.from({ length: BLANK_EVIDENCE_ROWS }, () => ({}))];
          const by = answeredByText(a);
          const error = errorUnder(errors, base);
          return (
            <div className="checklist-item" key={item.key}>
              <div>
                <strong>{item.label}</strong>
                {item.gate ? <span className="gate">GATE</span> : null}
                {item.required && !item.gate ? <span className="gate">REQUIRED</span> : null}
                {item.evidence ? <span className="gate">EVIDENCE</span> : null}
              </div>
              {item.help ? <p className="help">{item.help}</p> : null}
              {item.source ? <ProposedFrom source={item.source} /> : null}
              <fieldset aria-label={item.label} aria-describedby={error ? `${base}-error` : undefined}>
                {CHECKLIST_ANSWERS.map((ans) => (
                  <label key={ans}>
                    <input type="radio" name={`${name}.answer`} value={ans} defaultChecked={a?.answer === ans} /> {answerLabel(ans)}
                  </label>
                ))}
              </fieldset>
              {by ? <p className="muted answered-by">{by}</p> : null}
              <input
                name={`${name}.note`}
                defaultValue={a?.note ?? ''}
                placeholder={a?.answer === 'na' ? 'Why it does not apply (required for N/A)' : 'Note (for N/A: why it does not apply)'}
                aria-label={`${item.label} note`}
              />
              <details className="evidence-rows" open={!!a?.evidence?.length || item.evidence}>
                <summary>Evidence ({a?.evidence?.length ?? 0})</summary>
                {rows.map((ev, i) => {
                  const age = ev.checkedOn && ev.url ? evidenceAge(field, { checkedOn: ev.checkedOn }, today) : null;
                  return (
                    <div className="evidence-row" key={i}>
                      <input
                        name={`${name}.evidence.${i}.label`}
                        defaultValue={ev.label ?? ''}
                        placeholder="Label (dashboard, runbook…)"
                        aria-label={`${item.label} evidence ${i + 1} label`}
                      />
                      <input
                        name={`${name}.evidence.${i}.url`}
                        type="url"
                        defaultValue={ev.url ?? ''}
                        placeholder="https://…"
                        aria-label={`${item.label} evidence ${i + 1} address`}
                      />
                      <input
                        name={`${name}.evidence.${i}.checkedOn`}
                        type="date"
                        defaultValue={ev.checkedOn ?? ''}
                        aria-label={`${item.label} evidence ${i + 1} last checked on`}
                      />
                      {age?.stale ? <span className="stale">Stale: checked {age.days} days ago</span> : null}
                    </div>
                  );
                })}
              </details>
              <ErrorText id={`${base}-error`} message={error} />
            </div>
          );
        })}
      </div>
    );
  },
  grouped: true,
};
