import { useRouteLoaderData } from '@remix-run/react';

/** The session's CSRF token; every form that posts with a cookie carries it. */
export function CsrfInput() {
  const root = useRouteLoaderData('root') as { csrf?: string } | undefined;
  return <input type="hidden" name="csrf" value={root?.csrf ?? ''} />;
}
