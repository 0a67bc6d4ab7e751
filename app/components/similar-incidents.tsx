import { Link } from '@remix-run/react';
import { SeverityBadge } from '~/components/badges';
import { formatUtc } from '~/lib/time';

type Similar = {
  id: string;
  title: string;
  severity: string | null;
  service: string | null;
  startedAt: string | null;
  reasons: string[];
  prevent: { total: number; done: number; open: number };
  actions: { total: number; done: number; open: number };
  recurrence: 'came_back' | 'still_open' | null;
};

/** Earlier published RCAs like this one, why each matched, how their follow-up went, and a recurrence warning. */
export function SimilarIncidents({ items }: { items: Similar[] }) {
  const recurring = items.filter((i) => i.recurrence);
  return (
    <section className="card similar" aria-labelledby="similar-title">
      <h2 id="similar-title">Similar past incidents</h2>
      {recurring.length ? (
        <p className="banner warn">
          {`Looks like a recurrence: ${recurring.length === 1 ? 'an earlier incident' : `${recurring.length} earlier incidents`} had the same problem. `}
          {recurring.some((i) => i.recurrence === 'came_back')
            ? 'Its prevent actions were done and it came back anyway: check whether they addressed the cause.'
            : 'Its prevent actions are still open.'}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="muted">
          No earlier published RCA shares this service, its tags or its wording. The <Link to="/library">library</Link> searches every
          published review.
        </p>
      ) : (
        <ol>
          {items.map((i) => (
            <li key={i.id}>
              <Link to={`/docs/${i.id}`}>{i.title}</Link> <SeverityBadge severity={i.severity} />
              {i.recurrence ? (
                <span className="badge recurrence">
                  {i.recurrence === 'came_back' ? 'came back after prevent actions were done' : 'prevent actions still open'}
                </span>
              ) : null}
              <div className="muted">
                {[i.startedAt ? formatUtc(i.startedAt) : null, i.service, i.reasons.join('; ')].filter(Boolean).join(' · ')}
              </div>
              <div className="muted">
                {i.actions.total
                  ? `Action items: ${i.actions.done} of ${i.actions.total} done, ${i.actions.open} open${i.prevent.total ? ` (prevent: ${i.prevent.done} of ${i.prevent.total} done)` : ''}`
                  : 'No action items.'}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
