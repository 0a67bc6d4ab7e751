import { TableScroll } from '~/components/table-scroll';
import type { KindView } from '~/fields/views';

/** The rows under the template's column headings. */
export const tableView: KindView<'table'> = {
  View: ({ field, value }) => (
    <TableScroll label={field.label}>
      <table className="data">
        <thead>
          <tr>
            {field.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {value.map((r, i) => (
            <tr key={i}>
              {field.columns.map((c) => (
                <td key={c.key} style={{ whiteSpace: 'pre-wrap' }}>
                  {r[c.key] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  ),
};
