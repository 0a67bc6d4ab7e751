import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigate } from '@remix-run/react';
import { useCallback, useRef } from 'react';
import { z } from 'zod';
import { CsrfInput } from '~/components/csrf';
import {
  MEETING_DECISION_TEXT,
  MeetingNav,
  MeetingProgress,
  MeetingQuestionCard,
  PastMeetings,
  useMeetingKeys,
} from '~/components/meeting-step';
import { NO_SUCH_DOCUMENT, RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { SignoffPanel } from '~/components/signoff-panel';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { formFailure, orThrowPage, parseIntent } from '~/lib/route.server';
import { formatUtc } from '~/lib/time';
import { canEdit as mayEdit } from '~/models/access.server';
import { getDocument } from '~/models/document.server';
import { getLaunchDecision, listDecisionChanges } from '~/models/launch-decision.server';
import { endMeeting, listMeetings, markDiscussed, meetingQuestions, startMeeting } from '~/models/meeting.server';
import { createSignoff } from '~/models/signoff.server';
import { listUsers } from '~/models/user.server';

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: error ? errorTitle(error) : data ? `Launch meeting: ${data.doc.title} · Kaizen` : 'Launch meeting · Kaizen' },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const doc = await orThrowPage(getDocument(context.db, { actor, id: params.id ?? '' }));
  const meetings = await listMeetings(context.db, { actor, id: doc.id });
  const open = meetings.find((m) => !m.endedAt) ?? null;
  const canRun = mayEdit(actor) && doc.status === 'in_review' && doc.kind === 'checklist';
  const decision = await getLaunchDecision(context.db, doc.id);
  const questions = await meetingQuestions(context.db, doc, decision);
  const total = questions.length;
  // ?q=N: the question shown (1..total), total + 1 the sign-off step; anything else starts at the first question.
  const asked = Number.parseInt(new URL(request.url).searchParams.get('q') ?? '1', 10);
  const step = Number.isInteger(asked) ? Math.min(Math.max(asked, 1), total + 1) : 1;
  return {
    doc: { id: doc.id, title: doc.title, status: doc.status, launch: doc.kind === 'checklist' },
    canRun,
    meeting: open,
    past: meetings.filter((m) => m.endedAt),
    // Whom to pick as attendees (only for the person starting a meeting).
    people:
      canRun && !open
        ? (await listUsers(context.db, { limit: 200 })).items
            .filter((u) => !u.disabledAt)
            .map((u) => ({ id: u.id, name: u.name || u.email, me: u.id === actor.id }))
        : [],
    step,
    total,
    question: open && step <= total ? questions[step - 1] : null,
    discussed: open ? Object.fromEntries(open.discussed.map((d) => [d.question, { by: d.by, at: d.at }])) : {},
    decision: open && step > total ? decision : null,
    history: open && step > total ? await listDecisionChanges(context.db, doc.id) : [],
  };
}

function meetingIntents() {
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('start'), guests: z.string().max(3000, 'at most 3000 characters of guests').default('') }),
    z.object({
      intent: z.literal('discussed'),
      meeting: z.string().min(1, 'say which meeting'),
      question: z.string().min(1, 'say which question'),
      q: z.coerce.number().int().min(1),
    }),
    z.object({ intent: z.literal('end'), meeting: z.string().min(1, 'say which meeting') }),
    z.object({
      intent: z.literal('signoff'),
      role: z.string().optional(),
      decision: z.string().optional(),
      comment: z.string().default(''),
    }),
  ]);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'editor');
  const id = params.id ?? '';
  const input = parseIntent(form, meetingIntents);
  const here = `/docs/${id}/meeting`;
  try {
    switch (input.intent) {
      case 'start': {
        const attendees = form.getAll('attendee').filter((v): v is string => typeof v === 'string');
        await startMeeting(context.db, { actor, id, input: { attendees, guests: input.guests } });
        return redirect(`${here}?q=1`);
      }
      case 'discussed':
        await markDiscussed(context.db, { actor, id, meetingId: input.meeting, input: { question: input.question } });
        return redirect(`${here}?q=${input.q + 1}`);
      case 'end': {
        const m = await endMeeting(context.db, { actor, id, meetingId: input.meeting });
        return redirect(`${here}?ended=${m.id}`);
      }
      case 'signoff':
        await createSignoff(context.db, {
          actor,
          documentId: id,
          input: { role: input.role, decision: input.decision, comment: input.comment },
        });
        return { ok: true as const, message: 'Signed.' };
    }
  } catch (e) {
    return formFailure(e);
  }
}

export default function MeetingPage() {
  const { doc, canRun, meeting, past, people, step, total, question, discussed, decision, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigate = useNavigate();
  const discussRef = useRef<HTMLFormElement>(null);
  const base = `/docs/${doc.id}/meeting`;
  const prevHref = meeting && step > 1 ? `${base}?q=${step - 1}` : null;
  const nextHref = meeting && step <= total ? `${base}?q=${step + 1}` : null;
  const canDiscuss = !!meeting && canRun && !!question;
  const next = useCallback(() => nextHref && navigate(nextHref), [navigate, nextHref]);
  const prev = useCallback(() => prevHref && navigate(prevHref), [navigate, prevHref]);
  const discuss = useCallback(() => discussRef.current?.requestSubmit(), []);
  useMeetingKeys({ next: nextHref ? next : null, prev: prevHref ? prev : null, discuss: canDiscuss ? discuss : null });
  const failure = result && !result.ok ? result : null;
  const latest = past[0];
  return (
    <article className="meeting">
      <div className="toolbar">
        <div style={{ flex: 1 }}>
          <h1>Launch meeting: {doc.title}</h1>
          {meeting ? (
            <p className="muted">
              Started {formatUtc(meeting.startedAt)} by {meeting.startedBy} · attendees: {meeting.attendees.map((a) => a.name).join(', ')}
              {canRun ? '' : ' · watching (read-only)'}
            </p>
          ) : null}
        </div>
        <Link className="button secondary" to={`/docs/${doc.id}`}>
          Back to the review
        </Link>
      </div>
      {failure ? (
        <div className="banner error" role="alert">
          <p>{failure.message}</p>
        </div>
      ) : result?.ok ? (
        <p className="banner ok" role="status">
          {result.message}
        </p>
      ) : null}
      {!meeting && latest?.decision ? (
        <p className="banner ok" role="status" data-recorded-decision={latest.decision}>
          The last meeting ended {formatUtc(latest.endedAt)} with the decision {MEETING_DECISION_TEXT[latest.decision]}, recorded with its
          attendees: {latest.attendees.map((a) => a.name).join(', ')}.
        </p>
      ) : null}
      {meeting ? (
        <>
          <MeetingProgress step={step} total={total} discussed={meeting.discussed.length} />
          {question ? <MeetingQuestionCard q={question} discussed={discussed[question.key] ?? null} /> : null}
          {decision ? (
            <>
              <SignoffPanel
                decision={decision}
                history={history}
                canSign={canRun}
                closedNote={canRun ? null : 'Editors sign off while the review is in review.'}
                errors={failure?.errors}
              />
              {canRun ? (
                <Form method="post" className="card" aria-label="End the meeting">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="end" />
                  <input type="hidden" name="meeting" value={meeting.id} />
                  <p>Ending the meeting records the decision as it stands now with the meeting’s time and attendees.</p>
                  <button type="submit">End the meeting and record the decision</button>
                </Form>
              ) : null}
            </>
          ) : null}
          <MeetingNav
            step={step}
            total={total}
            prevHref={prevHref}
            nextHref={nextHref}
            discussForm={canDiscuss && question ? { meeting: meeting.id, question: question.key, formRef: discussRef } : null}
          />
        </>
      ) : canRun ? (
        <Form method="post" className="card" aria-label="Start the launch meeting">
          <CsrfInput />
          <input type="hidden" name="intent" value="start" />
          <h2>Start the launch meeting</h2>
          <fieldset>
            <legend>Attendees</legend>
            {people.map((p) => (
              <label key={p.id} style={{ display: 'block' }}>
                <input type="checkbox" name="attendee" value={p.id} defaultChecked={p.me} /> {p.name}
              </label>
            ))}
          </fieldset>
          <label htmlFor="meeting-guests">Guests without an account (one per line or comma)</label>
          <textarea id="meeting-guests" name="guests" rows={2} aria-invalid={!!failure?.errors.guests} />
          {failure?.errors.guests ? <p className="field-error">{failure.errors.guests}</p> : null}
          {failure?.errors.attendees ? <p className="field-error">{failure.errors.attendees}</p> : null}
          <button type="submit">Start the meeting</button>
        </Form>
      ) : (
        <p className="muted">
          {!doc.launch
            ? 'Only launch reviews (checklists) have launch meetings.'
            : doc.status === 'in_review'
              ? 'No launch meeting is under way.'
              : `This review is ${doc.status.replace('_', ' ')}: launch meetings are held while it is in review.`}
        </p>
      )}
      <PastMeetings meetings={past} heading="Past meetings" />
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary notFound={NO_SUCH_DOCUMENT} />;
}
