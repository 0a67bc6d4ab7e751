import { Form } from '@remix-run/react';
import type { ActionItemView } from '~/models/types';
import { ActionStatusForm } from '~/components/action-status-form';
import { CsrfInput } from '~/components/csrf';
import { TableScroll } from '~/components/table-scroll';

/**
 * Track a document's action items from its page: change a status, add a follow-up. Works on a
 * published document too (work goes on after the review); each change is a new document version.
 */
export function ActionItemsPanel(props: {
  fields: { key: string; label: string; kinds: string[] }[];
  items: ActionItemView[];
  statuses: readonly string[];
  /** Accounts that may own an item here (their names or e-mail addresses are suggested for the owner). */
  owners?: { label: string; email: string }[];
  result?: { ok: boolean; message: string; errors?: Record<string, string>; itemId?: string } | null;
}) {
  const { fields, items, statuses, owners = [], result } = props;
  if (!fields.length) return null;
  return (
    <section className="card" aria-labelledby="track-actions-title">
      <h2 id="track-actions-title">Track action items</h2>
      {result ? (
        <p className={result.ok ? 'field-ok' : 'field-error'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {items.length ? (
        <TableScroll label="Action item status">
          <table className="data" aria-label="Action item status">
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-item={a.id}>
                  <td>{a.title}</td>
                  <td>{a.kind}</td>
                  <td>
                    <ActionStatusForm item={a} statuses={statuses} intent="action-status" versionName="itemVersion" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <Form method="post" className="row" aria-label="Add an action item" preventScrollReset>
        <CsrfInput />
        <input type="hidden" name="intent" value="action-add" />
        {fields.length > 1 ? (
          <div>
            <label htmlFor="new-action-field">List</label>
            <select id="new-action-field" name="field">
              {fields.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="field" value={fields[0].key} />
        )}
        <div style={{ flex: 3 }}>
          <label htmlFor="new-action-title">New action item</label>
          <input id="new-action-title" name="title" required maxLength={500} aria-invalid={!!result?.errors?.title} />
          {result?.errors?.title ? <p className="field-error">{result.errors.title}</p> : null}
        </div>
        <div>
          <label htmlFor="new-action-kind">Kind</label>
          <select id="new-action-kind" name="kind">
            {[...new Set(fields.flatMap((f) => f.kinds))].map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="new-action-owner">Owner</label>
          <input
            id="new-action-owner"
            name="owner"
            maxLength={200}
            list={owners.length ? 'new-action-owners' : undefined}
            aria-describedby="new-action-owner-hint"
          />
          <p className="help" id="new-action-owner-hint">
            A colleague's name or e-mail address makes it theirs; other text is kept as it is.
          </p>
          {owners.length ? (
            <datalist id="new-action-owners">
              {owners.map((o) => (
                <option key={o.email} value={o.label}>
                  {o.email}
                </option>
              ))}
            </datalist>
          ) : null}
        </div>
        <div>
          <label htmlFor="new-action-due">Due</label>
          <input id="new-action-due" name="dueDate" type="date" />
        </div>
        <div style={{ flex: 0 }}>
          <button type="submit">Add</button>
        </div>
      </Form>
    </section>
  );
}
