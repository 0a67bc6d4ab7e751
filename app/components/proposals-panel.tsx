import { Form } from '@remix-run/react';
import { TableScroll } from '~/components/table-scroll';
import { CsrfInput } from '~/components/csrf';
import { formatUtc } from '~/lib/time';
import type { TemplateProposalView } from '~/models/types';
import type { PanelResult } from '~/components/panel-result';

type Target = { key: string; title: string; version: number; fields: { key: string; label: string }[] };

function stateText(p: TemplateProposalView) {
  switch (p.status) {
    case 'open':
      return 'Waiting for an admin';
    case 'accepted':
      return `Accepted into ${p.templateTitle} v${p.acceptedVersion ?? '?'}`;
    case 'declined':
      return 'Declined';
    case 'withdrawn':
      return 'Withdrawn';
  }
}

/** An error under an input, named by id for aria-describedby. */
const FieldError = ({ id, message }: { id: string; message?: string }) =>
  message ? (
    <p className="field-error" id={id}>
      {message}
    </p>
  ) : null;

/**
 * "Propose a checklist question" on an RCA: what this incident taught, as a question a checklist template should ask
 * from its next version on. Lists the proposals citing this RCA and their state; anyone who reads the RCA may
 * propose. Plain forms: it works without JavaScript, and a refused proposal comes back with what was typed.
 */
export function ProposalsPanel({
  proposals,
  targets,
  me,
  isAdmin,
  result,
}: {
  proposals: TemplateProposalView[];
  targets: Target[];
  me: string;
  isAdmin: boolean;
  result: PanelResult;
}) {
  const errors = result && !result.ok ? (result.errors ?? {}) : {};
  const typed = result && !result.ok ? (result.values ?? {}) : {};
  const targetError = errors.template || errors.field;
  return (
    <section className="card" aria-labelledby="proposals-title" id="proposals">
      <h2 id="proposals-title">Propose a checklist question</h2>
      {result ? (
        <p className={`banner ${result.ok ? 'ok' : 'error'}`} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {proposals.length ? (
        <TableScroll label="Questions proposed from this RCA">
          <table className="data" aria-label="Questions proposed from this RCA">
            <thead>
              <tr>
                <th>Question</th>
                <th>Checklist</th>
                <th>Why</th>
                <th>Proposed by</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((p) => (
                <tr key={p.id} data-proposal-status={p.status}>
                  <td>
                    {p.question}
                    {p.help ? <div className="muted">{p.help}</div> : null}
                  </td>
                  <td>
                    {p.templateTitle} · {p.fieldLabel}
                  </td>
                  <td>{p.reason}</td>
                  <td>
                    {p.proposedBy}
                    <div className="muted">{formatUtc(p.proposedAt)}</div>
                  </td>
                  <td>
                    {stateText(p)}
                    {p.decidedBy && p.status !== 'open' ? (
                      <div className="muted">
                        by {p.decidedBy}
                        {p.decidedAt ? `, ${formatUtc(p.decidedAt)}` : ''}
                      </div>
                    ) : null}
                    {p.declineReason ? <div>{p.declineReason}</div> : null}
                    {p.status === 'open' && (p.proposedById === me || isAdmin) ? (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="proposal-withdraw" />
                        <input type="hidden" name="proposal" value={p.id} />
                        <button type="submit" className="secondary">
                          Withdraw
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="muted">No questions proposed from this RCA yet.</p>
      )}
      {targets.length ? (
        <Form method="post" className="stack">
          <p className="muted">
            Did this incident show something a launch review should have asked? Propose the question, citing this RCA: an admin adds it to
            the template’s next version or declines it with a reason. Reviews already started keep their version.
          </p>
          <CsrfInput />
          <input type="hidden" name="intent" value="proposal-add" />
          <label>
            Checklist
            <select
              name="target"
              defaultValue={typed.target}
              aria-invalid={!!targetError}
              aria-describedby={targetError ? 'proposal-target-error' : undefined}
            >
              {targets.map((t) => (
                <optgroup key={t.key} label={`${t.title} (v${t.version})`}>
                  {t.fields.map((f) => (
                    <option key={f.key} value={`${t.key}.${f.key}`}>
                      {t.title}: {f.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <FieldError id="proposal-target-error" message={targetError} />
          <label>
            Question
            <input
              name="question"
              defaultValue={typed.question}
              maxLength={300}
              aria-invalid={!!errors.question}
              aria-describedby={errors.question ? 'proposal-question-error' : undefined}
            />
          </label>
          <FieldError id="proposal-question-error" message={errors.question} />
          <label>
            Help for the person answering (optional)
            <textarea
              name="help"
              rows={2}
              defaultValue={typed.help}
              aria-invalid={!!errors.help}
              aria-describedby={errors.help ? 'proposal-help-error' : undefined}
            />
          </label>
          <FieldError id="proposal-help-error" message={errors.help} />
          <label>
            Why: what this RCA showed
            <textarea
              name="reason"
              rows={3}
              defaultValue={typed.reason}
              aria-invalid={!!errors.reason}
              aria-describedby={errors.reason ? 'proposal-reason-error' : undefined}
            />
          </label>
          <FieldError id="proposal-reason-error" message={errors.reason} />
          <button type="submit">Propose the question</button>
        </Form>
      ) : (
        <p className="muted">There is no checklist template to propose a question for.</p>
      )}
    </section>
  );
}
