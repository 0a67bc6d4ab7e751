import { matchRoutes } from '@remix-run/react';
import { LruMap } from '~/lib/lru';

type RouteObject = Parameters<typeof matchRoutes>[0][number];

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };

/**
 * The metrics' `route` label for a path: the id of the deepest Remix route it matches (e.g. `routes/docs.$id`), so
 * every document shares one label and the label set stays as small as the route list. Single-fetch data requests
 * (`/docs/x.data`) count under their page's route. Paths no route matches are `unmatched`.
 */
export function createRouteLabeler(routes: Record<string, ManifestRoute>): (pathname: string) => string {
  const children = (parentId: string | undefined): RouteObject[] =>
    Object.values(routes)
      .filter((r) => r.parentId === parentId)
      .map((r) =>
        r.index
          ? { id: r.id, index: true, path: r.path, caseSensitive: r.caseSensitive }
          : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: children(r.id) },
      );
  const tree = children(undefined);
  // matchRoutes flattens and ranks the whole tree on every call (~0.6 ms of CPU per request here), so labels are
  // remembered by path shape: a UUID segment can only ever meet a dynamic segment (no route path holds one), so every
  // path that differs from another only in its UUIDs gets the same label.
  const known = new LruMap<string, string>(1000);
  return (pathname) => {
    const path = pathname === '/_root.data' ? '/' : pathname.replace(/\.data$/, '');
    const shape = path.replace(UUID, '\u0000');
    const cached = known.get(shape);
    if (cached !== undefined) return cached;
    const matches = matchRoutes(tree, path);
    const label = matches?.length ? (matches[matches.length - 1].route.id ?? 'unmatched') : 'unmatched';
    known.set(shape, label);
    return label;
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
