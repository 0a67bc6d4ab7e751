import type { ReactNode } from 'react';

/**
 * A field both people changed: theirs (read-only) beside yours (the field's own input, still
 * editable). Posts `conflict=<key>` and `resolve.<key>=theirs|mine`; nothing is picked for the
 * person, and the save is refused until they pick.
 */
export function MergeChoice({
  fieldKey,
  label,
  version,
  theirs,
  missing,
  children,
}: {
  fieldKey: string;
  label: string;
  version: number;
  theirs: ReactNode;
  missing?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="merge-choice" role="group" aria-label={`${label}: changed on both sides`} data-conflict={fieldKey}>
      <input type="hidden" name="conflict" value={fieldKey} />
      <p className={missing ? 'field-error' : 'field-warning'}>
        <strong>You and someone else both changed {label}.</strong> {missing ? 'Choose one to save: keep' : 'Keep'} theirs, or keep yours
        (you can still edit it).
      </p>
      <div className="merge-sides">
        <div className="merge-side">
          <label className="merge-pick">
            <input type="radio" name={`resolve.${fieldKey}`} value="theirs" /> Keep theirs (version {version})
          </label>
          <div className="merge-theirs">{theirs}</div>
        </div>
        <div className="merge-side">
          <label className="merge-pick">
            <input type="radio" name={`resolve.${fieldKey}`} value="mine" /> Keep yours
          </label>
          {children}
        </div>
      </div>
    </div>
  );
}
