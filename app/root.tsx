import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useRouteError, useRouteLoaderData } from '@remix-run/react';
import appCss from './styles/app.css';
import richTextCss from './styles/rich-text.css';
import { useNonce } from './components/nonce';
import { getSession } from './lib/auth.server';

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  { rel: 'stylesheet', href: appCss },
  { rel: 'stylesheet', href: richTextCss },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const s = await getSession(request, context);
  return { user: s ? { name: s.actor.name, email: s.actor.email, role: s.actor.role } : null, csrf: s?.csrfToken ?? '', requestId: context.requestId ?? '' };
}

export type RootData = Awaited<ReturnType<typeof loader>>;
export const useRootData = () => useRouteLoaderData<typeof loader>('root');

function Document({ children, title }: { children: React.ReactNode; title?: string }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useRootData();
  const user = data?.user;
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        Kaizen
      </Link>
      {user ? (
        <nav aria-label="Main">
          <NavLink to="/docs">Documents</NavLink>
          <NavLink to="/actions">Action items</NavLink>
          <NavLink to="/launches">Launches</NavLink>
          <NavLink to="/library">Library</NavLink>
          <NavLink to="/insights">Insights</NavLink>
          {user.role === 'admin' ? <NavLink to="/admin">Admin</NavLink> : null}
        </nav>
      ) : null}
      <div className="session">
        {user ? (
          <Form method="post" action="/logout">
            <input type="hidden" name="csrf" value={data?.csrf} />
            <Link className="who" title={`${user.email}: change password`} to="/account/password">
              {user.name} · {user.role}
            </Link>{' '}
            <button type="submit" className="link-button">
              Sign out
            </button>
          </Form>
        ) : (
          <Link to="/login">Sign in</Link>
        )}
      </div>
    </header>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <Document>
      <Header />
      <main>
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const rootData = useRootData();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? status === 405
      ? 'This address does not take that kind of request.'
      : typeof error.data === 'string'
        ? error.data
        : (error.data?.error?.message ?? error.statusText)
    : 'Something went wrong on our side. Try again; if it keeps happening, tell an admin.';
  // A failure on our side carries the id of the request that failed (server.mjs puts it in the
  // answer); an error thrown while rendering this page belongs to the request that loaded it.
  const requestId: string | undefined = isRouteErrorResponse(error) ? error.data?.error?.requestId : status >= 500 ? rootData?.requestId || undefined : undefined;
  return (
    <Document title={`Error ${status} · Kaizen`}>
      <main>
        <h1>{status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong'}</h1>
        <p role="alert">{message}</p>
        {requestId ? (
          <p>
            Request id (quote it when you report this): <code className="request-id">{requestId}</code>
          </p>
        ) : null}
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </main>
    </Document>
  );
}
