import { matchRoutes } from '@remix-run/react';

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
  return (pathname) => {
    const path = pathname === '/_root.data' ? '/' : pathname.replace(/\.data$/, '');
    const matches = matchRoutes(tree, path);
    return matches?.length ? (matches[matches.length - 1].route.id ?? 'unmatched') : 'unmatched';
  };
}
