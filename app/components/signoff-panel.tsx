import { Form } from '@remix-run/react';
import type { LaunchDecision } from '~/models/signoff.server';
import type { SignoffView } from '~/models/types';
import { formatUtc } from '~/lib/time';
import { CsrfInput } from './csrf';

const DECISION_TEXT = { go: 'Go', no_go: 'No-Go', pending: 'Pending' } as const;

/** The launch decision, who signed what on which version, and a form to sign. */
export function SignoffPanel(props: {
  decision: LaunchDecision;
  signoffs: SignoffView[];
  roles: string[];
  version: number;
  canSign: boolean;
  errors?: Record<string, string>;
}) {
  const { decision, signoffs, roles, version, canSign, errors = {} } = props;
  const banner = decision.decision === 'go' ? 'ok' : decision.decision === 'no_go' ? 'error' : 'warn';
  return (
    <section className="card" aria-labelledby="signoff-title">
      <h2 id="signoff-title">Go / No-Go</h2>
      <div className={`banner ${banner}`} role="status">
        <strong>Decision: {DECISION_TEXT[decision.decision]}</strong>
        <ul>
          {decision.noGoBy.length ? <li>No-Go from {decision.noGoBy.join(', ')}.</li> : null}
          {decision.unmetGates.length ? <li>Gates not met: {decision.unmetGates.join('; ')}.</li> : null}
          {decision.unanswered ? <li>{decision.unanswered} checklist question(s) unanswered.</li> : null}
          {decision.missingRoles.length ? <li>Waiting for a Go on version {version} from: {decision.missingRoles.join(', ')}.</li> : null}
        </ul>
      </div>
      {signoffs.length ? (
        <table className="data" aria-label="Sign-offs">
          <thead>
            <tr>
              <th>Who</th>
              <th>Role</th>
              <th>Decision</th>
              <th>Comment</th>
              <th>Version</th>
              <th>When (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {signoffs.map((s) => (
              <tr key={s.id} className={s.stale ? 'muted' : undefined}>
                <td>{s.signerLabel}</td>
                <td>{s.role}</td>
                <td>{DECISION_TEXT[s.decision]}</td>
                <td>{s.comment}</td>
                <td>
                  v{s.documentVersion}
                  {s.stale ? ' (stale: the document changed since)' : ''}
                </td>
                <td>{formatUtc(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Nobody has signed yet.</p>
      )}
      {canSign ? (
        <Form method="post" className="row" aria-label="Sign off">
          <CsrfInput />
          <input type="hidden" name="intent" value="signoff" />
          <div>
            <label htmlFor="signoff-role">Role</label>
            {roles.length ? (
              <select id="signoff-role" name="role" aria-invalid={!!errors.role}>
                {roles.map((r) => (
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
            <button type="submit">Sign version {version}</button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
