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

/** "Previous" / "Page n of N" / "Next" for a list paged by number (`?page=`). */
export function NumberedPager({ page, pages, total, noun }: { page: number; pages: number; total: number; noun: string }) {
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? <Link to={`?page=${page - 1}`}>« Previous</Link> : <span />}
      <span className="muted">
        Page {page} of {pages} · {total} {noun}
      </span>
      {page < pages ? <Link to={`?page=${page + 1}`}>Next »</Link> : <span />}
    </nav>
  );
}
