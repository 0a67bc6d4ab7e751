import { Form } from '@remix-run/react';
import { TableScroll } from '~/components/table-scroll';
import { CsrfInput } from '~/components/csrf';
import { formatUtc } from '~/lib/time';
import type { WaiverView } from '~/models/types';

/** A failing gate or required question that may be waived. */
export type WaivableQuestion = { field: string; item: string; label: string; answer: string };

const STATE_LABELS: Record<WaiverView['state'], string> = {
  pending: 'Waiting for approval',
  active: 'In force',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

/**
 * Waivers of a launch review: each with its reason, the risk accepted, who asked, who approved as which role, and
 * until when; a form to ask for one for a failing gate or required question, and approve / withdraw buttons.
 * Plain forms: it works without JavaScript.
 */
export function WaiversPanel({
  waivers,
  waivable,
  roles,
  me,
  isAdmin,
  canEdit,
  open,
  result,
}: {
  waivers: WaiverView[];
  waivable: WaivableQuestion[];
  roles: string[];
  me: string;
  isAdmin: boolean;
  canEdit: boolean;
  /** Whether new waivers may be asked for (the review is a draft or in review). */
  open: boolean;
  result: { ok: boolean; message: string; errors?: Record<string, string>; values?: Record<string, string> } | null;
}) {
  const errors = result && !result.ok ? (result.errors ?? {}) : {};
  /** What a refused request had typed. */
  const typed = result && !result.ok ? (result.values ?? {}) : {};
  const asked = new Set(waivers.filter((w) => w.state === 'pending' || w.state === 'active').map((w) => `${w.field}.${w.item}`));
  const choices = waivable.filter((q) => !asked.has(`${q.field}.${q.item}`));
  if (!waivers.length && !choices.length) return null;
  return (
    <section className="card" aria-labelledby="waivers-title" id="waivers">
      <h2 id="waivers-title">Waivers</h2>
      {result ? (
        <p className={`banner ${result.ok ? 'ok' : 'error'}`} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {waivers.length ? (
        <TableScroll label="Waivers">
          <table className="data">
            <thead>
              <tr>
                <th>Question</th>
                <th>Reason and risk accepted</th>
                <th>Asked by</th>
                <th>Approval</th>
                <th>Until</th>
                <th>State</th>
                {canEdit ? <th>Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {waivers.map((w) => (
                <tr key={w.id} data-waiver-state={w.state}>
                  <td>{w.question}</td>
                  <td>
                    <div>{w.reason}</div>
                    <div className="muted">Risk: {w.risk}</div>
                  </td>
                  <td>
                    {w.requestedBy}
                    <div className="muted">{formatUtc(w.requestedAt)}</div>
                  </td>
                  <td>
                    {w.approvedBy ? `${w.approvedBy} as ${w.approverRole}` : `Needs ${w.approverRole}`}
                    {w.approvedAt ? <div className="muted">{formatUtc(w.approvedAt)}</div> : null}
                  </td>
                  <td>{w.expiresOn} (end of day, UTC)</td>
                  <td>
                    {STATE_LABELS[w.state]}
                    {w.withdrawnBy ? <div className="muted">by {w.withdrawnBy}</div> : null}
                  </td>
                  {canEdit ? (
                    <td>
                      {w.state === 'pending' && w.requestedById !== me ? (
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="waiver-decide" />
                          <input type="hidden" name="waiver" value={w.id} />
                          <button type="submit" name="action" value="approve">
                            Approve as {w.approverRole}
                          </button>
                        </Form>
                      ) : null}
                      {(w.state === 'pending' || w.state === 'active') && (isAdmin || w.requestedById === me) ? (
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="waiver-decide" />
                          <input type="hidden" name="waiver" value={w.id} />
                          <button type="submit" name="action" value="withdraw" className="secondary">
                            Withdraw
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="muted">No waivers yet.</p>
      )}
      {canEdit && open && choices.length ? (
        <Form method="post" className="stack">
          <h3>Ask for a waiver</h3>
          <p className="muted">
            A failing gate or required question can be accepted as a known risk for a while. Someone other than you approves it, as the role
            you name; until the end of the day it expires it counts as passing.
          </p>
          <CsrfInput />
          <input type="hidden" name="intent" value="waiver-request" />
          <label>
            Question
            <select name="question" defaultValue={typed.question} aria-invalid={!!(errors.item || errors.field)}>
              {choices.map((q) => (
                <option key={`${q.field}.${q.item}`} value={`${q.field}.${q.item}`}>
                  {q.label} (answered {q.answer})
                </option>
              ))}
            </select>
          </label>
          {errors.item || errors.field ? <p className="field-error">{errors.item || errors.field}</p> : null}
          <label>
            Reason
            <textarea
              name="reason"
              rows={2}
              defaultValue={typed.reason}
              aria-invalid={!!errors.reason}
              aria-describedby={errors.reason ? 'waiver-reason-error' : undefined}
            />
          </label>
          {errors.reason ? (
            <p className="field-error" id="waiver-reason-error">
              {errors.reason}
            </p>
          ) : null}
          <label>
            Risk accepted
            <textarea
              name="risk"
              rows={2}
              defaultValue={typed.risk}
              aria-invalid={!!errors.risk}
              aria-describedby={errors.risk ? 'waiver-risk-error' : undefined}
            />
          </label>
          {errors.risk ? (
            <p className="field-error" id="waiver-risk-error">
              {errors.risk}
            </p>
          ) : null}
          <label>
            Approved by (role)
            <select name="approverRole" defaultValue={typed.approverRole} aria-invalid={!!errors.approverRole}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          {errors.approverRole ? <p className="field-error">{errors.approverRole}</p> : null}
          <label>
            Last day it counts
            <input type="date" name="expiresOn" defaultValue={typed.expiresOn} aria-invalid={!!errors.expiresOn} />
          </label>
          {errors.expiresOn ? <p className="field-error">{errors.expiresOn}</p> : null}
          <button type="submit">Ask for the waiver</button>
        </Form>
      ) : null}
    </section>
  );
}
