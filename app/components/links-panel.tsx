import { Form, Link } from '@remix-run/react';
import { TableScroll } from '~/components/table-scroll';
import { SeverityBadge, StatusBadge } from '~/components/badges';
import { CsrfInput } from '~/components/csrf';
import { formatUtc } from '~/lib/time';

type LinkItem = {
  id: string;
  kind: string;
  direction: 'out' | 'in';
  label: string;
  document: {
    id: string;
    title: string;
    kind: string;
    status: string;
    severity: string | null;
    decision: string | null;
    at: string | null;
  };
};
type LaunchPromiseItem = {
  id: string;
  title: string;
  status: string;
  decision: string | null;
  launchAt: string | null;
  answers: { question: string; gate: boolean; answer: string; note: string }[];
};

const DECISIONS: Record<string, string> = { go: 'Go', no_go: 'No-Go', pending: 'Pending' };

/** The kinds a person may choose here, for this document's kind (the model checks the other end). */
const KIND_OPTIONS: Record<string, [string, string][]> = {
  rca: [
    ['caused_by_launch', 'Caused by launch (a launch review)'],
    ['related_incident', 'Related incident (another incident review)'],
    ['follow_up_of', 'Follow-up of (any document)'],
  ],
  checklist: [['follow_up_of', 'Follow-up of (any document)']],
};

/**
 * Linked documents both ways, and for an incident caused by a launch, what that launch review promised: its
 * decision, gates and answers. Editors add a link by pasting the other document's address, and remove one.
 */
export function LinksPanel({
  docKind,
  links,
  promises,
  canEdit,
  result,
}: {
  docKind: string;
  links: LinkItem[];
  promises: LaunchPromiseItem[];
  canEdit: boolean;
  result: { ok: boolean; message: string; errors?: Record<string, string> } | null;
}) {
  const errors = result && !result.ok ? (result.errors ?? {}) : {};
  return (
    <section className="card links" aria-labelledby="links-title">
      <h2 id="links-title">Linked documents</h2>
      {result ? (
        <p className={result.ok ? 'banner ok' : 'banner error'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {links.length === 0 ? (
        <p className="muted">
          {docKind === 'rca'
            ? 'Not linked yet. Link the launch that caused this incident, or earlier incidents like it, so readers see the whole story.'
            : 'No incident or follow-up links to this review yet.'}
        </p>
      ) : (
        <ul className="plain">
          {links.map((l) => (
            <li key={l.id}>
              <span className="muted">{`${l.label}: `}</span>
              <Link to={`/docs/${l.document.id}`}>{l.document.title}</Link> <SeverityBadge severity={l.document.severity} />{' '}
              <StatusBadge status={l.document.status} />
              {l.document.decision ? (
                <span className="muted">{` · decision ${DECISIONS[l.document.decision] ?? l.document.decision}`}</span>
              ) : null}
              {l.document.at ? <span className="muted">{` · ${formatUtc(l.document.at)}`}</span> : null}
              {canEdit ? (
                <Form method="post" className="inline">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="link-remove" />
                  <input type="hidden" name="link" value={l.id} />
                  <button type="submit" className="link-button" aria-label={`Remove the link to ${l.document.title}`}>
                    Remove
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {promises.map((p) => (
        <section key={p.id} className="promises" aria-label={`What ${p.title} promised`}>
          <h3>
            {'What the launch promised: '}
            <Link to={`/docs/${p.id}`}>{p.title}</Link>
          </h3>
          <p className="muted">
            {`Decision: ${p.decision ? (DECISIONS[p.decision] ?? p.decision) : 'none recorded'}`}
            {p.launchAt ? ` · launch ${formatUtc(p.launchAt)}` : ''}
          </p>
          <TableScroll label={`What ${p.title} promised, question by question`}>
            <table className="data">
              <thead>
                <tr>
                  <th>Question</th>
                  <th>Answer</th>
                  <th>Note</th>
                </tr>
              </thead>
              <tbody>
                {p.answers.map((a) => (
                  <tr key={a.question}>
                    <td>
                      {a.question}
                      {a.gate ? <span className="gate">GATE</span> : null}
                    </td>
                    <td>{a.answer}</td>
                    <td>{a.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ))}
      {canEdit ? (
        <Form method="post" className="filters" aria-label="Link another document">
          <CsrfInput />
          <input type="hidden" name="intent" value="link-add" />
          <div>
            <label htmlFor="link-kind">Link</label>
            <select id="link-kind" name="kind" aria-invalid={!!errors.kind}>
              {(KIND_OPTIONS[docKind] ?? KIND_OPTIONS.checklist).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
          </div>
          <div style={{ flex: 3 }}>
            <label htmlFor="link-to">Other document</label>
            <input
              id="link-to"
              name="to"
              placeholder="Paste its address, e.g. https://kaizen.example.com/docs/…"
              aria-invalid={!!errors.to}
            />
            {errors.to ? <p className="field-error">{errors.to}</p> : null}
          </div>
          <div style={{ flex: 0 }}>
            <button type="submit">Add link</button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
