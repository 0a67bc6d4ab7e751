/**
 * Where to go after signing in: only a path on this site. Anything else — another origin, a
 * scheme (`javascript:`), a protocol-relative `//host` or `/\host`, control characters or
 * whitespace that browsers strip before resolving (`/\t/evil.example` becomes `//evil.example`),
 * a backslash, or a path that normalises to `//…` — goes to `/`. The one helper for every place
 * that reads `next` (the sign-in page's loader, its action and its hidden form field).
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return '/';
  if (!next.startsWith('/') || next.startsWith('//')) return '/';
  // C0 controls, DEL, any whitespace (incl. Unicode spaces), backslashes, lone surrogates.
  if (/[\u0000-\u0020\u007F-\u009F\\\s]|[\uD800-\uDFFF]/u.test(next)) return '/';
  const base = 'http://next.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that normalises to `//host` (e.g. `/.//evil.example`) would be protocol-relative.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  return path;
}
