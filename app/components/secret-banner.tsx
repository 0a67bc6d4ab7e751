import { Form } from '@remix-run/react';
import { formatUtc } from '~/lib/time';
import { CsrfInput } from '~/components/csrf';

/** The result of an admin form: a secret shown once (create, rotate), a message, or the error. */
export function ResultBanner({ result }: { result: { ok: boolean; message: string; secret?: string; hookId?: string } | undefined }) {
  if (!result) return null;
  if (!result.ok)
    return (
      <p className="banner error" role="alert">
        {result.message}
      </p>
    );
  return (
    <div className="banner ok" role="status">
      <p>{result.message}</p>
      {result.hookId ? (
        <p>
          Hook id (send it as <code>X-Kaizen-Hook</code>): <code data-testid="new-hook-id">{result.hookId}</code>
        </p>
      ) : null}
      {result.secret ? (
        <p>
          Secret: <code data-testid="new-secret">{result.secret}</code>
        </p>
      ) : null}
    </div>
  );
}

/**
 * The status cell of a row holding a sealed secret (incoming hook, outgoing webhook): when it was revoked, or a
 * warning if the secret can no longer be opened and the rotate and revoke buttons.
 */
export function SecretControls({ row, busy }: { row: { id: string; revokedAt: string | null; secretReadable: boolean }; busy: boolean }) {
  if (row.revokedAt) return <>{`revoked ${formatUtc(row.revokedAt)}`}</>;
  return (
    <>
      {row.secretReadable ? null : <p className="field-error">The secret cannot be read (SESSION_SECRET changed): rotate it.</p>}
      <RowButton id={row.id} intent="rotate" label="Rotate secret" busy={busy} />
      <RowButton id={row.id} intent="revoke" label="Revoke" busy={busy} />
    </>
  );
}

/** A one-button form acting on one row: posts `intent` and `id`. */
function RowButton({ id, intent, label, busy }: { id: string; intent: string; label: string; busy: boolean }) {
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="link-button" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}
