import { Link, useSearchParams } from '@remix-run/react';

/** "First page" / "Next page" links for a cursor-paged list, keeping the current filters. */
export function CursorPager({ nextCursor }: { nextCursor: string | null }) {
  const [params] = useSearchParams();
  const first = new URLSearchParams(params);
  first.delete('cursor');
  const next = new URLSearchParams(params);
  if (nextCursor) next.set('cursor', nextCursor);
  return (
    <nav className="pager" aria-label="Pages">
      {params.get('cursor') ? <Link to={`?${first.toString()}`}>« First page</Link> : <span />}
      {nextCursor ? <Link to={`?${next.toString()}`}>Next page »</Link> : null}
    </nav>
  );
}
