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
