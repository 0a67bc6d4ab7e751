import { ORIGIN, type TestApp } from '../helpers/app';

/** A cookie form post the way a browser sends it from a Kaizen page. */
export function postForm(
  app: TestApp,
  path: string,
  cookie: string | null,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return app.fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}), ...headers },
    body: new URLSearchParams(fields),
  });
}

/** The first `name=value` of a Set-Cookie header. */
export const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0];

/** A sign-in attempt from a given address; returns the response. */
export function attemptSignIn(app: TestApp, email: string, password: string, ip = '203.0.113.1') {
  return postForm(app, '/login', null, { email, password, next: '/' }, { 'X-Forwarded-For': ip });
}
