import { TableScroll } from '~/components/table-scroll';
import type { KindView } from '~/fields/views';
import { Utc } from '~/fields/view-parts';

export const timelineView: KindView<'timeline'> = {
  View: ({ field, value }) => (
    <TableScroll label={field.label}>
      <table className="data timeline">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Event</th>
            <th>Marker</th>
          </tr>
        </thead>
        <tbody>
          {value.map((e, i) => (
            <tr key={i}>
              <td style={{ whiteSpace: 'nowrap' }}>
                <Utc iso={e.at} />
              </td>
              <td>{e.text}</td>
              <td>{e.marker ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  ),
};
