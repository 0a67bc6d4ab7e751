import { Form, Link } from '@remix-run/react';
import { type RefObject, useEffect, useRef } from 'react';
import { useCommitEffect } from '~/lib/use-commit-effect';
import { CsrfInput } from '~/components/csrf';
import { answerLabel } from '~/fields/checklist/text';
import { formatUtc } from '~/lib/time';
import type { MeetingQuestion } from '~/models/types';

export type MeetingSummary = {
  id: string;
  startedBy: string;
  startedAt: string;
  endedAt: string | null;
  endedBy: string | null;
  attendees: { id: string | null; name: string }[];
  discussed: { question: string }[];
  decision: 'go' | 'no_go' | 'pending' | null;
  reasons: string[];
};

export const MEETING_DECISION_TEXT = { go: 'Go', no_go: 'No-Go', pending: 'Pending' } as const;
const STATUS_TEXT: Record<string, string> = { open: 'open', in_progress: 'in progress', done: 'done', wont_do: 'won’t do' };

/** "7 of 12, 5 discussed", and a bar of the steps (the sign-off step last). */
export function MeetingProgress({ step, total, discussed }: { step: number; total: number; discussed: number }) {
  return (
    <p className="meeting-progress" aria-live="polite" data-testid="meeting-progress">
      {step > total ? `Sign-off (after ${total} questions)` : `${step} of ${total}`}, {discussed} discussed
      <progress max={total + 1} value={step} aria-hidden="true" />
    </p>
  );
}

/** One question, large enough to share on a screen: the answer, note, evidence, who answered, the blocker and waiver. */
export function MeetingQuestionCard({ q, discussed }: { q: MeetingQuestion; discussed: { by: string; at: string } | null }) {
  const tone = !q.answer || q.answer === 'notyet' ? 'warn' : q.passes ? 'ok' : q.waiver ? 'warn' : 'error';
  return (
    <section className="card meeting-question" aria-labelledby="meeting-q" data-question={q.key}>
      <p className="muted">
        {q.gate ? 'Gate' : q.required ? 'Required' : 'Optional'}
        {q.evidenceRequired ? ' · evidence required' : ''}
      </p>
      <h2 id="meeting-q">{q.label}</h2>
      <p className={`banner ${tone} meeting-answer`} data-answer={q.answer ?? 'none'}>
        <strong>{q.answer ? answerLabel(q.answer) : 'Not answered'}</strong>
        {q.answer && q.answer !== 'notyet' ? (q.passes ? ' — passes' : q.waiver ? ' — fails, waived' : ' — fails') : null}
      </p>
      {q.note ? <p className="meeting-note">{q.note}</p> : null}
      {q.answeredBy ? <p className="muted">{q.answeredBy}</p> : null}
      <h3>Evidence</h3>
      {q.evidence.length ? (
        <ul aria-label="Evidence">
          {q.evidence.map((e, i) => (
            <li key={i} data-stale={e.stale ? 'true' : 'false'}>
              <a href={e.url} target="_blank" rel="noopener noreferrer">
                {e.label}
              </a>{' '}
              <span className={e.stale ? 'field-error' : 'muted'}>
                checked {e.checkedOn}
                {e.stale ? ` — stale (${e.days} days old)` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{q.evidenceRequired ? 'No evidence yet (required).' : 'No evidence linked.'}</p>
      )}
      <h3>Blocker</h3>
      {q.blocker ? (
        <p data-blocker={q.blocker.status}>
          {q.blocker.title} — {STATUS_TEXT[q.blocker.status] ?? q.blocker.status}
          {q.blocker.owner ? ` (owner ${q.blocker.owner})` : ''}
        </p>
      ) : (
        <p className="muted">No launch blocker from this question.</p>
      )}
      {q.waiver ? (
        <p className="banner warn" data-waived="true">
          Waived by {q.waiver.approvedBy} as {q.waiver.role} until {q.waiver.expiresOn}.
        </p>
      ) : null}
      <p className="muted" data-discussed={discussed ? 'true' : 'false'}>
        {discussed ? `Discussed (marked by ${discussed.by}, ${formatUtc(discussed.at)})` : 'Not discussed yet.'}
      </p>
    </section>
  );
}

/** Previous / next links and the mark-discussed form: plain links and a form, so the meeting runs without JavaScript. */
export function MeetingNav(props: {
  step: number;
  total: number;
  prevHref: string | null;
  nextHref: string | null;
  discussForm: { meeting: string; question: string; formRef: RefObject<HTMLFormElement> } | null;
}) {
  const { prevHref, nextHref, discussForm } = props;
  return (
    <nav className="toolbar meeting-nav" aria-label="Meeting steps">
      {prevHref ? (
        <Link className="button secondary" to={prevHref} rel="prev">
          ← Previous
        </Link>
      ) : null}
      {discussForm ? (
        <Form method="post" ref={discussForm.formRef}>
          <CsrfInput />
          <input type="hidden" name="intent" value="discussed" />
          <input type="hidden" name="meeting" value={discussForm.meeting} />
          <input type="hidden" name="question" value={discussForm.question} />
          <input type="hidden" name="q" value={props.step} />
          <button type="submit">Mark discussed and go on</button>
        </Form>
      ) : null}
      {nextHref ? (
        <Link className="button secondary" to={nextHref} rel="next">
          {props.step === props.total ? 'Sign-off →' : 'Next →'}
        </Link>
      ) : null}
      <p className="muted" data-testid="meeting-keys">
        Keys: → or n next · ← or p previous{discussForm ? ' · d mark discussed' : ''}
      </p>
    </nav>
  );
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** → / n, ← / p and d, except while typing in a field or with a modifier held. */
export function useMeetingKeys(keys: { next: (() => void) | null; prev: (() => void) | null; discuss: (() => void) | null }) {
  // The handlers change with every step. They are kept in a ref that is set before the browser paints the new step
  // (a layout effect), and the listener is added once and reads the ref when a key comes: a key pressed right after a
  // step appears acts on that step, never on the one before (a listener swapped in a passive effect, after paint,
  // let a fast "p" on question 3 go back from question 2).
  const current = useRef(keys);
  useCommitEffect(() => {
    current.current = keys;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const { next, prev, discuss } = current.current;
      const run =
        e.key === 'ArrowRight' || e.key === 'n' ? next : e.key === 'ArrowLeft' || e.key === 'p' ? prev : e.key === 'd' ? discuss : null;
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Past meetings: when, who attended, and the decision recorded when each ended. */
export function PastMeetings({ meetings, heading = 'Launch meetings' }: { meetings: MeetingSummary[]; heading?: string }) {
  const ended = meetings.filter((m) => m.endedAt);
  if (!ended.length) return null;
  return (
    <section className="card" aria-labelledby="past-meetings-title">
      <h2 id="past-meetings-title">{heading}</h2>
      <ul aria-label="Past launch meetings">
        {ended.map((m) => (
          <li key={m.id} data-meeting-decision={m.decision ?? ''}>
            <strong>{m.decision ? MEETING_DECISION_TEXT[m.decision] : '—'}</strong> at the meeting of {formatUtc(m.startedAt)} to{' '}
            {formatUtc(m.endedAt)} · attendees: {m.attendees.map((a) => a.name).join(', ')} · {m.discussed.length} discussed
            {m.endedBy ? ` · ended by ${m.endedBy}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
