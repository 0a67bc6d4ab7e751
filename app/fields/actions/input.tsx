import { ACTION_STATUS_LABELS as STATUS_LABELS } from '~/lib/labels';
import type { ActionStatus } from '~/models/types';
import { BLANK_ROWS, type ActionRow } from '~/fields/form-rows';
import type { KindInput } from '~/fields/inputs';
import { ErrorText, errorUnder } from '~/fields/input-parts';

// Not ACTION_STATUSES from db/schema: that module brings drizzle (~40 kB) into the browser bundle.
const ACTION_STATUSES = Object.keys(STATUS_LABELS) as ActionStatus[];

export const actionsInput: KindInput<'actions'> = {
  Input: ({ field, value = [], errors, ctx }) => {
    const owners = ctx.owners ?? [];
    const ownersId = `${field.key}-owners`;
    const all: ActionRow[] = [
      ...value,
      ...Array.from({ length: BLANK_ROWS }, () => ({ title: '', kind: '', owner: '', dueDate: '', status: '', url: '' })),
    ];
    return (
      <div className="grid-rows" role="group" aria-label={field.label}>
        <div className="grid-row actions header" aria-hidden>
          <span>Action</span>
          <span>Kind</span>
          <span>Owner</span>
          <span>Due</span>
          <span>Status</span>
          <span>Tracker link</span>
          <span>Remove</span>
        </div>
        {all.map((r, i) => {
          const base = `fields.${field.key}.${i}`;
          const n = (k: string) => `f.${field.key}.${i}.${k}`;
          return (
            <div key={r.id ?? `new-${i}`}>
              <div className="grid-row actions">
                {r.id ? <input type="hidden" name={n('id')} value={r.id} /> : null}
                {r.id && r.base ? <input type="hidden" name={n('base')} value={r.base} /> : null}
                <input
                  name={n('title')}
                  defaultValue={r.title}
                  aria-label={`Action ${i + 1} title`}
                  aria-invalid={!!errors[`${base}.title`]}
                />
                <select name={n('kind')} defaultValue={r.kind || field.kinds[0]} aria-label={`Action ${i + 1} kind`}>
                  {field.kinds.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
                <input
                  name={n('owner')}
                  defaultValue={r.owner}
                  aria-label={`Action ${i + 1} owner`}
                  list={owners.length ? ownersId : undefined}
                  maxLength={200}
                />
                <input
                  type="date"
                  name={n('dueDate')}
                  defaultValue={r.dueDate}
                  aria-label={`Action ${i + 1} due date`}
                  aria-invalid={!!errors[`${base}.dueDate`]}
                />
                <select name={n('status')} defaultValue={r.status || 'open'} aria-label={`Action ${i + 1} status`}>
                  {ACTION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
                <input
                  name={n('url')}
                  defaultValue={r.url}
                  placeholder="https://…"
                  aria-label={`Action ${i + 1} tracker link`}
                  aria-invalid={!!errors[`${base}.url`]}
                />
                {r.id ? (
                  <label className="row-remove">
                    <input type="checkbox" name={n('remove')} aria-label={`Remove action ${i + 1}`} />
                    <span className="row-remove__text">Remove</span>
                  </label>
                ) : (
                  <span />
                )}
              </div>
              <ErrorText id={`${base}-error`} message={errorUnder(errors, base)} />
            </div>
          );
        })}
        {owners.length ? (
          <>
            <p className="help">
              An owner that names a colleague (name or e-mail address) makes the item theirs and tells them; other text is kept as it is.
            </p>
            <datalist id={ownersId}>
              {owners.map((o) => (
                <option key={o.email} value={o.label}>
                  {o.email}
                </option>
              ))}
            </datalist>
          </>
        ) : null}
      </div>
    );
  },
  grouped: true,
};
