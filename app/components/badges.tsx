import { DOCUMENT_STATUS_LABELS as STATUS_TEXT } from '~/lib/labels';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${status}`}>{STATUS_TEXT[status] ?? status}</span>;
}

export function SeverityBadge({ severity }: { severity: string | null }) {
  return severity ? <span className={`badge ${severity}`}>{severity}</span> : null;
}
