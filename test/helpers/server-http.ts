import http from 'node:http';

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One request to a real server with exactly the headers given (Host included, which fetch will not
 * let a test choose), the body sent as given or in chunks without a Content-Length.
 */
export function rawRequest(
  baseUrl: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: Buffer[] },
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: url.host, ...opts.headers };
    if (opts.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(opts.body));
    const req = http.request(
      { host: url.hostname, port: url.port, method: opts.method ?? 'GET', path: opts.path, headers, setHost: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.chunked) {
      // Node frames writes without a Content-Length as chunked.
      for (const c of opts.chunked) req.write(c);
      req.end();
    } else req.end(opts.body);
  });
}

/** Sign in through the real login form; returns the Cookie header value and the CSRF token of a page. */
export async function signInOnServer(baseUrl: string, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ email, password, next: '/' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const page = await (await fetch(`${baseUrl}/docs`, { headers: { Cookie: cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no csrf token on the page');
  return { cookie, csrf };
}

/** The viewer account `addFirstAdminAndViewer` makes. */
export const WATCHER = { email: 'watcher@example.test', password: 'watcher-password-2026' };

/** On a server with no admin yet (the demo has none): the first admin, who adds the WATCHER viewer; the viewer's session. */
export async function addFirstAdminAndViewer(baseUrl: string): Promise<string> {
  const setup = await fetch(`${baseUrl}/setup`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({
      intent: 'create-admin',
      email: 'admin@example.test',
      name: 'Admin',
      password: 'admin-password-2026',
      confirm: 'admin-password-2026',
    }),
  });
  if (setup.status !== 302) throw new Error(`creating the first admin answered ${setup.status}`);
  const admin = await signInOnServer(baseUrl, 'admin@example.test', 'admin-password-2026');
  const added = await fetch(`${baseUrl}/admin/users`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl, Cookie: admin.cookie },
    body: new URLSearchParams({
      intent: 'add',
      csrf: admin.csrf,
      email: WATCHER.email,
      name: 'Wendy Watcher',
      role: 'viewer',
      password: WATCHER.password,
    }),
  });
  if (added.status >= 400) throw new Error(`adding the viewer answered ${added.status}`);
  return (await signInOnServer(baseUrl, WATCHER.email, WATCHER.password)).cookie;
}
