const STATUS_TEXT: Record<string, string> = { draft: 'Draft', in_review: 'In review', published: 'Published', archived: 'Archived' };

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${status}`}>{STATUS_TEXT[status] ?? status}</span>;
}

export function SeverityBadge({ severity }: { severity: string | null }) {
  return severity ? <span className={`badge ${severity}`}>{severity}</span> : null;
}
