import { Form } from '@remix-run/react';
import type { DecisionChange, LaunchDecisionReport } from '~/models/launch-decision.server';
import { formatUtc } from '~/lib/time';
import { CsrfInput } from '~/components/csrf';
import { TableScroll } from '~/components/table-scroll';

const DECISION_TEXT = { go: 'Go', no_go: 'No-Go', pending: 'Pending' } as const;

/** The launch decision with its reasons, who signed what on which content, the decision history, and a form to sign. */
export function SignoffPanel(props: {
  decision: LaunchDecisionReport;
  history: DecisionChange[];
  /** Why the form is not shown (e.g. a draft), or null when it is. */
  closedNote: string | null;
  canSign: boolean;
  errors?: Record<string, string>;
}) {
  const { decision, history, closedNote, canSign, errors = {} } = props;
  const banner = decision.state === 'go' ? 'ok' : decision.state === 'no_go' ? 'error' : 'warn';
  return (
    <section className="card" aria-labelledby="signoff-title">
      <h2 id="signoff-title">Go / No-Go</h2>
      <div className={`banner ${banner}`} role="status" data-decision={decision.state}>
        <strong>Decision: {DECISION_TEXT[decision.state]}</strong>
        {decision.changedAt ? <span className="muted"> (since {formatUtc(decision.changedAt)})</span> : null}
        <ul aria-label="Reasons">
          {decision.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      </div>
      {decision.signoffs.length ? (
        <TableScroll label="Sign-offs">
          <table className="data" aria-label="Sign-offs">
            <thead>
              <tr>
                <th>Who</th>
                <th>Role</th>
                <th>Decision</th>
                <th>Comment</th>
                <th>Content signed</th>
                <th>When (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {decision.signoffs.map((s) => (
                <tr key={s.id} className={s.stale ? 'muted' : undefined} data-stale={s.stale ? 'true' : 'false'}>
                  <td>{s.signerLabel}</td>
                  <td>{s.role}</td>
                  <td>{DECISION_TEXT[s.decision]}</td>
                  <td>{s.comment}</td>
                  <td>
                    content v{s.contentVersion} (document v{s.documentVersion})
                    {s.stale ? ' — stale: the content changed since' : ' — current'}
                  </td>
                  <td>{formatUtc(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="muted">Nobody has signed yet.</p>
      )}
      {history.length ? (
        <details open={history.length <= 5}>
          <summary>Decision history ({history.length})</summary>
          <TableScroll label="Decision history">
            <table className="data" aria-label="Decision history">
              <thead>
                <tr>
                  <th>When (UTC)</th>
                  <th>From</th>
                  <th>To</th>
                  <th>Who</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h, i) => (
                  <tr key={i}>
                    <td>{formatUtc(h.at)}</td>
                    <td>{h.from ? DECISION_TEXT[h.from] : '—'}</td>
                    <td>{DECISION_TEXT[h.to]}</td>
                    <td>{h.by}</td>
                    <td>{h.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      ) : null}
      {closedNote ? <p className="muted">{closedNote}</p> : null}
      {canSign ? (
        <Form method="post" className="row" aria-label="Sign off">
          <CsrfInput />
          <input type="hidden" name="intent" value="signoff" />
          <div>
            <label htmlFor="signoff-role">Role</label>
            {decision.roles.length ? (
              <select id="signoff-role" name="role" aria-invalid={!!errors.role}>
                {decision.roles.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            ) : (
              <input id="signoff-role" name="role" required aria-invalid={!!errors.role} />
            )}
            {errors.role ? <p className="field-error">{errors.role}</p> : null}
          </div>
          <div>
            <label htmlFor="signoff-decision">Decision</label>
            <select id="signoff-decision" name="decision">
              <option value="go">Go</option>
              <option value="no_go">No-Go</option>
            </select>
          </div>
          <div style={{ flex: 2 }}>
            <label htmlFor="signoff-comment">Comment</label>
            <input id="signoff-comment" name="comment" maxLength={2000} />
          </div>
          <div style={{ flex: 0 }}>
            <button type="submit">Sign content v{decision.contentVersion}</button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
