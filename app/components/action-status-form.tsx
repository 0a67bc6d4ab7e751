import { Form } from '@remix-run/react';
import { ACTION_STATUS_LABELS } from '~/lib/labels';
import { CsrfInput } from '~/components/csrf';

/** One action item's status as a small form (a select and "Set"), on /actions and on the document page. */
export function ActionStatusForm(props: {
  item: { id: string; version: number; title: string; status: string };
  statuses: readonly string[];
  intent: string;
  /** Name of the item-version input (the document page already posts a document `version`). */
  versionName?: string;
  busy?: boolean;
}) {
  const { item, statuses, intent, versionName = 'version', busy = false } = props;
  return (
    <Form method="post" className="inline-status" preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={item.id} />
      <input type="hidden" name={versionName} value={item.version} />
      <select name="status" defaultValue={item.status} key={`${item.id}-${item.version}`} aria-label={`Status of ${item.title}`}>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {ACTION_STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={busy}>
        {busy ? 'Saving…' : 'Set'}
      </button>
    </Form>
  );
}
