import { formatUtc } from '~/lib/time';

/** An instant as the page shows it (UTC, said next to the label). */
export function Utc({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">—</span>;
  return <time dateTime={iso}>{formatUtc(iso)}</time>;
}

export function Empty() {
  return <span className="muted">Not filled in</span>;
}
