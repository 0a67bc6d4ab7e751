/**
 * An action item's owner: an account's name, or free text for someone without an account, which is said so the
 * reader knows nobody is told or reminded.
 */
export function OwnerText({ owner, ownerUserId }: { owner: string | null; ownerUserId?: string | null }) {
  if (!owner) return <span className="muted">—</span>;
  if (ownerUserId === undefined) return <>{owner}</>;
  return ownerUserId ? (
    <span data-owner-account>{owner}</span>
  ) : (
    <>
      {owner} <span className="muted no-account">(no account)</span>
    </>
  );
}
