import { SEVERITIES } from '../../db/enums';

/** The labelled severity picker used by the create, edit, list and library forms. */
export function SeveritySelect({ defaultValue, emptyLabel = '—' }: { defaultValue?: string | null; emptyLabel?: string }) {
  return (
    <div>
      <label htmlFor="severity">Severity</label>
      <select id="severity" name="severity" defaultValue={defaultValue ?? ''}>
        <option value="">{emptyLabel}</option>
        {SEVERITIES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
    </div>
  );
}
