import type { ReactNode } from 'react';
import { Link, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from '@remix-run/react';
import { lastFailedRequestId } from '~/lib/request-id';

type ErrorBody = {
  error?: { code?: string; message?: string; requestId?: string; issues?: { path: (string | number)[]; message: string }[] };
};

/** What a route's ErrorBoundary shows about the error it caught: status, message, field issues, request id. */
export function describeRouteError(error: unknown, documentRequestId: string | undefined) {
  if (isRouteErrorResponse(error)) {
    const body = (typeof error.data === 'object' && error.data ? error.data : {}) as ErrorBody;
    return {
      status: error.status,
      message: typeof error.data === 'string' ? error.data : (body.error?.message ?? error.statusText),
      issues: body.error?.issues ?? [],
      requestId: body.error?.requestId,
    };
  }
  // An error that is not an answer (a failed loader, sanitised to "Unexpected Server Error", or a
  // render error): quote the failed data request's id when the browser saw one, else the id of
  // the request that loaded this page.
  return { status: 500, message: '', issues: [], requestId: lastFailedRequestId() ?? documentRequestId };
}

/** The 404 text of document pages: a document that does not exist and one the reader may not see look the same. */
export const NO_SUCH_DOCUMENT = (
  <>
    No such document: the link may be wrong, the document may have been deleted, or it is not published yet.{' '}
    <Link to="/library">Go to the library</Link> for everything published, or <Link to="/docs">the list of documents</Link>.
  </>
);

/**
 * The body of every ErrorBoundary: it renders inside the layout (header, navigation, main) and says
 * what happened and what to do next. `notFound` replaces the generic 404 advice (document pages
 * say "no such document").
 */
export function RouteErrorBoundary({ notFound }: { notFound?: ReactNode }) {
  const error = useRouteError();
  const root = useRouteLoaderData('root') as { requestId?: string } | undefined;
  const location = useLocation();
  const e = describeRouteError(error, root?.requestId || undefined);
  const here = location.pathname + location.search;
  let title: string;
  let advice: ReactNode;
  if (e.status === 404) {
    title = 'Not found';
    advice = notFound ?? (
      <>
        There is no such page. <Link to="/">Go to the home page</Link>.
      </>
    );
  } else if (e.status === 403) {
    title = 'Not allowed';
    advice = (
      <>
        Your role does not allow this. Ask an admin if you need it, or <Link to="/">go to the home page</Link>.
      </>
    );
  } else if (e.status === 409) {
    title = 'Changed meanwhile';
    advice = (
      <>
        Someone changed this since you loaded the page.{' '}
        <Link to={here} reloadDocument>
          Reload the page
        </Link>{' '}
        to see the newest version, then try again.
      </>
    );
  } else if (e.status === 429) {
    title = 'Too many requests';
    advice = <>Wait a moment, then try again.</>;
  } else if (e.status >= 400 && e.status < 500) {
    title = e.status === 405 ? 'Not available here' : 'Not a valid request';
    advice = (
      <>
        <Link to={here} reloadDocument>
          Reload the page
        </Link>{' '}
        and try again, or <Link to="/">go to the home page</Link>.
      </>
    );
  } else {
    title = 'Something went wrong';
    advice = (
      <>
        This is a fault on our side, not yours. Try again; if it keeps happening, tell an admin
        {e.requestId ? ' and quote the request id below' : ''}.
      </>
    );
  }
  const message = e.status === 405 ? 'This address does not take that kind of request.' : e.status >= 500 ? '' : e.message;
  return (
    <section className="route-error" aria-labelledby="error-title" data-status={e.status}>
      <h1 id="error-title">{title}</h1>
      <div className="banner error" role="alert">
        {message ? <p>{message}</p> : null}
        {e.issues.length ? (
          <ul aria-label="Problems">
            {e.issues.map((i) => (
              <li key={i.path.join('.') + i.message}>
                <code>{i.path.join('.') || 'form'}</code>: {i.message}
              </li>
            ))}
          </ul>
        ) : null}
        <p>{advice}</p>
      </div>
      {/* Always for a fault of ours; for a refusal, when the answer named its request (as API errors do). */}
      {e.requestId ? (
        <p>
          Request id (quote it when you report this): <code className="request-id">{e.requestId}</code>
        </p>
      ) : null}
    </section>
  );
}

/** The page title while a route shows its ErrorBoundary (for a route's `meta`, which gets the error). */
export function errorTitle(error: unknown): string {
  return `Error ${isRouteErrorResponse(error) ? error.status : 500} · Kaizen`;
}
