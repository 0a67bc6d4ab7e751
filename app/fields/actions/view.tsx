import { TableScroll } from '~/components/table-scroll';
import { ACTION_STATUS_LABELS } from '~/lib/labels';
import { isSafeLinkHref } from '~/lib/richtext/text';
import type { KindView } from '~/fields/views';
import { OwnerText } from '~/components/owner-text';

export const actionsView: KindView<'actions'> = {
  View: ({ field, value }) => (
    <TableScroll label={field.label}>
      <table className="data">
        <thead>
          <tr>
            <th>Action</th>
            <th>Kind</th>
            <th>Owner</th>
            <th>Due</th>
            <th>Status</th>
            <th>Tracker</th>
          </tr>
        </thead>
        <tbody>
          {value.map((a, i) => (
            <tr key={a.id ?? i}>
              <td>{a.title}</td>
              <td>{a.kind}</td>
              <td>
                <OwnerText owner={a.owner} ownerUserId={a.ownerUserId} />
              </td>
              <td>{a.dueDate ?? '—'}</td>
              <td>{ACTION_STATUS_LABELS[a.status] ?? a.status}</td>
              <td>
                {a.url && isSafeLinkHref(a.url) ? (
                  <a href={a.url} rel="noopener noreferrer nofollow">
                    {a.url}
                  </a>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  ),
};
