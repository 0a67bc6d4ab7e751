import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import appCss from '~/styles/app.css';
import richTextCss from '~/styles/rich-text.css';
import { useNonce } from '~/components/nonce';
import { getSession } from '~/lib/auth.server';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  { rel: 'stylesheet', href: appCss },
  { rel: 'stylesheet', href: richTextCss },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const s = await getSession(request, context);
  return {
    user: s ? { name: s.actor.name, email: s.actor.email, role: s.actor.role } : null,
    csrf: s?.csrfToken ?? '',
    /** Unread inbox notices, counted up to 100 (the header's badge). */
    unread: s?.unread ?? 0,
    requestId: context.requestId ?? '',
  };
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
          <NavLink to="/reading">Reading</NavLink>
          <NavLink to="/assigned">For me</NavLink>
          <NavLink to="/inbox" aria-label={data?.unread ? `Inbox, ${data.unread >= 100 ? '100 or more' : data.unread} unread` : 'Inbox'}>
            Inbox{data?.unread ? <span className="badge count">{data.unread >= 100 ? '99+' : data.unread}</span> : null}
          </NavLink>
          {user.role === 'admin' ? <NavLink to="/admin">Admin</NavLink> : null}
        </nav>
      ) : null}
      <div className="session">
        {user ? (
          <Form method="post" action="/logout">
            <input type="hidden" name="csrf" value={data?.csrf} />
            <input type="hidden" name="intent" value="sign-out" />
            <Link className="who" title={`${user.email}: change password`} to="/account/password">
              {user.name} · {user.role}
            </Link>{' '}
            <Link to="/account/notifications">Notification settings</Link>{' '}
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

/** Header, skip link and main: kept on every page, error pages included. */
function Layout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      {/* tabIndex so the skip link moves keyboard focus, not only the scroll position. */}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <Document>
      <Layout>
        <Outlet />
      </Layout>
    </Document>
  );
}

/** Errors no route caught (the root loader, an unknown URL): the same layout and advice as a route's. */
export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <Document title={errorTitle(error)}>
      <Layout>
        <RouteErrorBoundary />
      </Layout>
    </Document>
  );
}
