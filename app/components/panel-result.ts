/** What one panel of a page shows of the page action's answer: the message, and for a refusal the errors and what was typed. */
export type PanelResult = { ok: boolean; message: string; errors?: Record<string, string>; values?: Record<string, string> } | null;

/** The action's answer as a panel takes it (null when the answer was for another panel: the caller picks it by scope). */
export function panelResult(result: { ok: boolean; message: string } | null | undefined): PanelResult {
  if (!result) return null;
  const r = result as { ok: boolean; message: string; errors?: unknown; values?: unknown };
  return {
    ok: r.ok,
    message: r.message,
    errors: r.errors as Record<string, string> | undefined,
    values: r.values as Record<string, string> | undefined,
  };
}
