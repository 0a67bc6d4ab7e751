import { Form } from '@remix-run/react';
import { CsrfInput } from '~/components/csrf';
import type { PanelResult } from '~/components/panel-result';
import { formatUtc } from '~/lib/time';

type RequestItem = {
  id: string;
  kind: 'review' | 'signoff';
  role: string | null;
  userLabel: string;
  requestedBy: string;
  createdAt: string;
  state: 'waiting' | 'done' | 'closed';
};
type Candidate = { id: string; label: string; email: string; author: boolean };

const STATE_WORDS = { waiting: 'waiting', done: 'done', closed: 'closed' } as const;

/**
 * Who was asked to review this document (or sign this launch review for a role) and where each request stands.
 * Editors ask an editor or admin while the document is a draft or in review, and withdraw a request; works without
 * JavaScript (a refused request comes back with what was chosen and the error next to its field).
 */
export function RequestsPanel({
  requests,
  candidates,
  roles,
  canAsk,
  canEdit,
  result,
}: {
  requests: RequestItem[];
  candidates: Candidate[];
  /** Sign-off roles of a launch review; empty for a document that takes no sign-offs. */
  roles: string[];
  canAsk: boolean;
  canEdit: boolean;
  result: PanelResult;
}) {
  const errors = result && !result.ok ? (result.errors ?? {}) : {};
  const values = (result && !result.ok ? result.values : undefined) ?? {};
  if (!requests.length && !canAsk) return null;
  return (
    <section className="card requests" aria-labelledby="requests-title">
      <h2 id="requests-title">Reviewers{roles.length ? ' and sign-offs' : ''}</h2>
      {result ? (
        <p className={result.ok ? 'banner ok' : 'banner error'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {requests.length === 0 ? (
        <p className="muted">
          Nobody has been asked yet. Ask a colleague to review{roles.length ? ' or to sign for a role' : ''}: they are told in their inbox
          and see it under “For me”.
        </p>
      ) : (
        <ul className="plain">
          {requests.map((r) => (
            <li key={r.id} data-request-state={r.state}>
              <strong>{r.userLabel}</strong>
              {r.kind === 'review' ? ' · review' : ` · sign as ${r.role ?? ''}`}
              <span className="muted">{` · ${STATE_WORDS[r.state]} · asked by ${r.requestedBy || 'someone'} ${formatUtc(r.createdAt)}`}</span>
              {canEdit && r.state === 'waiting' ? (
                <Form method="post" className="inline">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="request-cancel" />
                  <input type="hidden" name="request" value={r.id} />
                  <button type="submit" className="link-button" aria-label={`Withdraw the request to ${r.userLabel}`}>
                    Withdraw
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canAsk ? (
        candidates.length ? (
          <Form method="post" className="filters" aria-label="Ask for a review or sign-off">
            <CsrfInput />
            <input type="hidden" name="intent" value="request-add" />
            <div>
              <label htmlFor="request-account">Ask</label>
              <select
                id="request-account"
                name="account"
                defaultValue={values.account ?? ''}
                aria-invalid={!!errors.account}
                aria-describedby={errors.account ? 'request-account-error' : undefined}
              >
                <option value="">Choose a colleague…</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label === c.email ? c.email : `${c.label} (${c.email})`}
                    {c.author ? ' — author' : ''}
                  </option>
                ))}
              </select>
              {errors.account ? (
                <p className="field-error" id="request-account-error">
                  {errors.account}
                </p>
              ) : null}
            </div>
            <div>
              <label htmlFor="request-kind">To</label>
              <select id="request-kind" name="kind" defaultValue={values.kind ?? 'review'} aria-invalid={!!errors.kind}>
                <option value="review">review this document</option>
                {roles.length ? <option value="signoff">sign for a role</option> : null}
              </select>
              {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
            </div>
            {roles.length ? (
              <div>
                <label htmlFor="request-role">Role (for a sign-off)</label>
                <select
                  id="request-role"
                  name="role"
                  defaultValue={values.role ?? ''}
                  aria-invalid={!!errors.role}
                  aria-describedby={errors.role ? 'request-role-error' : undefined}
                >
                  <option value="">—</option>
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
                {errors.role ? (
                  <p className="field-error" id="request-role-error">
                    {errors.role}
                  </p>
                ) : null}
              </div>
            ) : null}
            <div style={{ flex: 0 }}>
              <button type="submit">Ask</button>
            </div>
          </Form>
        ) : (
          <p className="muted">No other editor or admin can be asked yet: an admin adds accounts under Admin → Users.</p>
        )
      ) : null}
    </section>
  );
}
