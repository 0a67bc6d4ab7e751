import { TableScroll } from '~/components/table-scroll';
import type { KindView } from '~/fields/views';
import { isSafeLinkHref } from '~/lib/richtext/text';
import { answerLabel, answerPasses, answeredByText, evidenceAge, utcToday } from '~/fields/checklist/text';

/** Provenance of a question added from a proposal: the RCA it cited (linked by id; its page says whether the reader may read it). */
export function ProposedFrom({ source }: { source: { proposal: string; rca: string | null } }) {
  return (
    <div className="muted proposed-from" data-proposal={source.proposal}>
      Added from a proposal
      {source.rca ? (
        <>
          {' '}
          citing <a href={`/docs/${source.rca}`}>an RCA</a>
        </>
      ) : null}
    </div>
  );
}

export const checklistView: KindView<'checklist'> = {
  // Every question, answered or not.
  showsEmpty: true,
  View: ({ field, value }) => {
    const today = utcToday();
    return (
      <TableScroll label={field.label}>
        <table className="data checklist">
          <thead>
            <tr>
              <th>Question</th>
              <th>Answer</th>
              <th>Note</th>
              <th>Evidence</th>
            </tr>
          </thead>
          <tbody>
            {field.items.map((item) => {
              const a = value[item.key];
              const by = answeredByText(a);
              const fails = a?.answer && a.answer !== 'notyet' && !answerPasses(item, a.answer);
              return (
                <tr key={item.key}>
                  <td>
                    {item.label}
                    {item.gate ? <span className="gate">GATE</span> : null}
                    {item.required && !item.gate ? <span className="gate">REQUIRED</span> : null}
                    {item.source ? <ProposedFrom source={item.source} /> : null}
                  </td>
                  <td title={by || undefined}>
                    {a?.answer ? (
                      <span className={fails ? 'bad' : undefined}>{answerLabel(a.answer)}</span>
                    ) : (
                      <span className="muted">Unanswered</span>
                    )}
                    {by ? <div className="muted answered-by">{by}</div> : null}
                  </td>
                  <td>{a?.note}</td>
                  <td>
                    {a?.evidence?.length ? (
                      <ul className="plain">
                        {a.evidence.map((ev, i) => {
                          const age = evidenceAge(field, ev, today);
                          return (
                            <li key={i}>
                              {isSafeLinkHref(ev.url) ? (
                                <a href={ev.url} rel="noopener noreferrer nofollow">
                                  {ev.label}
                                </a>
                              ) : (
                                ev.label
                              )}{' '}
                              <span className={age.stale ? 'stale' : 'muted'}>
                                {age.stale ? `stale: checked ${ev.checkedOn}, ${age.days} days ago` : `checked ${ev.checkedOn}`}
                              </span>
                            </li>
                          );
                        })}
                      </ul>
                    ) : item.evidence ? (
                      <span className="muted">Evidence required</span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    );
  },
};
