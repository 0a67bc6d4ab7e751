import { Form, Link } from '@remix-run/react';
import { CsrfInput } from '~/components/csrf';
import { formatUtc } from '~/lib/time';

type Outcome = 'success' | 'rolled_back' | 'incident';
export type OutcomePanelProps = {
  outcome: {
    successAt: string | null;
    due: boolean;
    outcome: Outcome | null;
    note: string;
    recordedBy: string | null;
    recordedAt: string | null;
    rcaId: string | null;
    version: number;
    owner: boolean;
    canRecord: boolean;
  };
  /** The page's action answer, when it was this panel's. */
  result?: { ok: boolean; message: string; errors?: Record<string, string> } | null;
};

export const OUTCOME_TEXT: Record<Outcome, string> = { success: 'Success', rolled_back: 'Rolled back', incident: 'Incident' };

/** After launch: the agreed time to declare success, the recorded outcome, and (for editors) the form to record it. */
export function OutcomePanel({ outcome: o, result }: OutcomePanelProps) {
  const errors = result && !result.ok ? (result.errors ?? {}) : {};
  return (
    <section className="card" aria-labelledby="outcome-heading" id="outcome">
      <h2 id="outcome-heading">After launch</h2>
      <p>
        Declare success at:{' '}
        {o.successAt ? `${formatUtc(o.successAt)} (UTC)` : <span className="muted">not set (fill it in the review)</span>}
      </p>
      {o.due ? (
        <p className="banner warn" role="status" data-outcome-due>
          {o.owner ? 'The agreed time to declare success has passed: record how the launch went.' : 'The outcome of this launch is due.'}
        </p>
      ) : null}
      {result ? (
        <p className={`banner ${result.ok ? 'ok' : 'error'}`} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {o.outcome ? (
        <p data-outcome={o.outcome}>
          Outcome: <strong>{OUTCOME_TEXT[o.outcome]}</strong>
          {o.recordedBy ? ` — recorded by ${o.recordedBy}` : ''}
          {o.recordedAt ? ` on ${formatUtc(o.recordedAt)} (UTC)` : ''}
          {o.note ? <span style={{ display: 'block', whiteSpace: 'pre-wrap' }}>{o.note}</span> : null}
        </p>
      ) : (
        <p className="muted">No outcome recorded yet.</p>
      )}
      {o.outcome === 'incident' ? (
        o.rcaId ? (
          <p>
            <Link to={`/docs/${o.rcaId}`}>Incident review of this launch</Link>
          </p>
        ) : o.canRecord ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="outcome-rca" />
            <button type="submit">Start an incident review linked to this launch</button>
          </Form>
        ) : null
      ) : null}
      {o.canRecord ? (
        <Form method="post" className="stack" aria-label="Record the outcome">
          <CsrfInput />
          <input type="hidden" name="intent" value="outcome-record" />
          <input type="hidden" name="outcomeVersion" value={o.version} />
          <fieldset>
            <legend>{o.outcome ? 'Change the outcome' : 'Record the outcome'}</legend>
            {(Object.keys(OUTCOME_TEXT) as Outcome[]).map((k) => (
              <label key={k} style={{ marginRight: '1em' }}>
                <input type="radio" name="outcome" value={k} defaultChecked={o.outcome === k} required /> {OUTCOME_TEXT[k]}
              </label>
            ))}
            {errors.outcome ? <p className="field-error">{errors.outcome}</p> : null}
          </fieldset>
          <label>
            Note
            <textarea name="note" rows={3} maxLength={5000} defaultValue={o.note} />
          </label>
          {errors.note ? <p className="field-error">{errors.note}</p> : null}
          {errors.version ? <p className="field-error">{errors.version}</p> : null}
          <button type="submit">Save outcome</button>
        </Form>
      ) : null}
    </section>
  );
}
