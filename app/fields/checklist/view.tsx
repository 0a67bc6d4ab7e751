import type { KindView } from '~/fields/views';
import { answerLabel } from '~/fields/checklist/text';

export const checklistView: KindView<'checklist'> = {
  // Every question, answered or not.
  showsEmpty: true,
  View: ({ field, value }) => (
    <table className="data checklist">
      <thead>
        <tr>
          <th>Question</th>
          <th>Answer</th>
          <th>Note</th>
        </tr>
      </thead>
      <tbody>
        {field.items.map((item) => (
          <tr key={item.key}>
            <td>
              {item.label}
              {item.gate ? <span className="gate">GATE</span> : null}
            </td>
            <td>{value[item.key]?.answer ? answerLabel(value[item.key].answer) : <span className="muted">Unanswered</span>}</td>
            <td>{value[item.key]?.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  ),
};
