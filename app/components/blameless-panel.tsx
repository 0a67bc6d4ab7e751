/**
 * Blameless-language advice: inline under a field while typing, and as a list on the read view of
 * a draft. Advisory only; nothing here blocks saving or publishing.
 */
import { useMemo } from 'react';
import { Link } from '@remix-run/react';
import { checkBlameless, type BlamelessFinding } from '~/lib/blameless';

export type FieldFinding = Pick<BlamelessFinding, 'phrase' | 'message' | 'suggestion'> & { rule: string; field: string; label: string };

/** Findings for one field's current text, shown under it. */
export function BlamelessHints({ text, people, fieldKey }: { text: string; people: string[]; fieldKey: string }) {
  const findings = useMemo(() => checkBlameless(text, { people }), [text, people]);
  if (!findings.length) return null;
  return (
    <ul className="blameless-hints" aria-live="polite" aria-label="Wording suggestions" data-blameless={fieldKey}>
      {findings.map((f) => (
        <li key={`${f.start}-${f.rule}`}>
          <mark>{f.phrase}</mark>: {f.message} <span className="suggestion">Try: {f.suggestion}</span>
        </li>
      ))}
    </ul>
  );
}

/** Every finding of a document (computed on the server), linked to the field in the edit form. */
export function BlamelessFindingsList({ findings, editHref }: { findings: FieldFinding[]; editHref: string | null }) {
  if (!findings.length) return null;
  return (
    <section className="card blameless-panel" aria-labelledby="blameless-title">
      <h2 id="blameless-title">Wording to review ({findings.length})</h2>
      <p className="help">
        Blameless reviews describe conditions, not culprits. These are suggestions; they do not stop the document from moving on.
      </p>
      <ul>
        {findings.map((f, i) => (
          <li key={i}>
            {editHref ? <Link to={`${editHref}#field-${f.field}`}>{f.label}</Link> : <strong>{f.label}</strong>}: “{f.phrase}” — {f.message}{' '}
            <span className="suggestion">Try: {f.suggestion}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
