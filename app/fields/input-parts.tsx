import type { FactorCategory } from '~/lib/factor-categories';
import type { TimelinePaste } from '~/components/timeline-editor';
import type { DocumentView } from '~/models/types';

export type FieldErrors = Record<string, string>;

/** Fields changed on both sides of an edit conflict, and the stored document to show as "theirs". */
export type MergeView = { conflicts: string[]; unresolved: string[]; theirs: DocumentView };

/** Extra state the form passes to every field: names for the blameless check, a reviewed paste, a merge. */
import type { LiveSession } from '~/collab/client';

export type FormContext = {
  people: string[];
  paste?: TimelinePaste & { fieldKey: string };
  merge?: MergeView;
  /** The contributing-factor vocabulary (names in use, retired ones marked) for factors inputs. */
  factorCategories?: FactorCategory[];
  /** Where rich-text inputs ask for "@" suggestions (an existing document's /docs/:id/mentions). */
  mentionsUrl?: string;
  /** Accounts an action row's owner may name, suggested in the owner inputs. */
  owners?: { label: string; email: string }[];
  /** Live co-editing: rich-text inputs edit the shared document (decision 028). */
  live?: LiveSession;
};

/** The props every input of a single control spreads (name, id, error wiring). */
export type CommonInputProps = { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined };

export function ErrorText({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  ) : null;
}

/** The first error at or under `path` (e.g. fields.timeline.2.at under fields.timeline). */
export function errorUnder(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const k = Object.keys(errors).find((e) => e.startsWith(`${path}.`));
  return k ? errors[k] : undefined;
}
