// scripts/patch-router.mjs (run by `npm install`) memoises React Router's route matching on the server. This checks
// that the installed router is the patched one (a router upgrade the patch no longer recognises fails here, not
// silently slower), and that memoised matching answers as the original: the same routes array matched against many
// paths, patterns told apart by case sensitivity and by `end`, params never shared between answers.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { matchPath, matchRoutes } from '@remix-run/router';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('memoised route matching (scripts/patch-router.mjs)', () => {
  it('is installed', () => {
    const marks: [string, string][] = [
      ['@remix-run/router/dist/router.cjs.js', '/* kaizen: memoised route matching */'],
      ['@remix-run/react/dist/server.js', '/* kaizen: memoised server routes */'],
      ['react-router-dom/server.js', '/* kaizen: memoised data routes */'],
    ];
    for (const [id, mark] of marks) expect(fs.readFileSync(require.resolve(id), 'utf8')).toContain(mark);
  });

  it('a static router keeps the data routes of one routes array and matches each array on its own', async () => {
    const { createStaticHandler, createStaticRouter } = require('react-router-dom/server.js') as typeof import('react-router-dom/server');
    type Routes = Parameters<typeof createStaticHandler>[0];
    const routesA: Routes = [{ id: 'root', path: '/', children: [{ id: 'docs', path: 'docs/:id' }] }];
    const routesB: Routes = [{ id: 'other', path: '/other' }];
    const render = async (routes: Routes, url: string) => {
      const context = await createStaticHandler(routes).query(new Request(`http://x${url}`));
      if (context instanceof Response) throw context;
      return createStaticRouter(routes, context);
    };
    const first = await render(routesA, '/docs/1');
    const second = await render(routesA, '/docs/2');
    expect(second.routes).toBe(first.routes); // built once per routes array
    expect(second.state.matches.map((m) => [m.route.id, m.params.id])).toEqual([
      ['root', '2'],
      ['docs', '2'],
    ]);
    expect(first.state.matches.at(-1)?.params.id).toBe('1');
    const other = await render(routesB, '/other');
    expect(other.routes).not.toBe(first.routes);
    expect(other.state.matches.map((m) => m.route.id)).toEqual(['other']);
  });

  it('matches as the unmemoised router, again and again on one routes array', () => {
    const routes = [
      {
        id: 'root',
        path: '/',
        children: [
          {
            id: 'docs',
            path: 'docs',
            children: [
              { id: 'new', path: 'new' },
              { id: 'doc', path: ':id' },
              { id: 'edit', path: ':id/edit' },
            ],
          },
          { id: 'splat', path: '*' },
        ],
      },
    ];
    const ids = (p: string) => matchRoutes(routes, p)?.map((m) => m.route.id);
    for (let round = 0; round < 3; round++) {
      expect(ids('/docs/new')).toEqual(['root', 'docs', 'new']);
      expect(ids('/docs/abc')).toEqual(['root', 'docs', 'doc']);
      expect(matchRoutes(routes, '/docs/abc')?.at(-1)?.params).toEqual({ id: 'abc' });
      expect(matchRoutes(routes, '/docs/xyz/edit')?.at(-1)?.params).toEqual({ id: 'xyz' });
      expect(ids('/somewhere/else')).toEqual(['root', 'splat']);
    }
    // Another array with other routes is matched on its own branches, not the first array's.
    expect(matchRoutes([{ id: 'only', path: '/only' }], '/docs/new')).toBeNull();
    expect(matchRoutes([{ id: 'only', path: '/only' }], '/only')?.[0].route.id).toBe('only');
  });

  it('keeps case sensitivity and end apart, and hands out params that are not shared', () => {
    expect(matchPath({ path: '/Docs', caseSensitive: true }, '/docs')).toBeNull();
    expect(matchPath({ path: '/Docs', caseSensitive: false }, '/docs')).not.toBeNull();
    expect(matchPath({ path: '/docs', end: true }, '/docs/x')).toBeNull();
    expect(matchPath({ path: '/docs', end: false }, '/docs/x')?.pathnameBase).toBe('/docs');
    const a = matchPath('/docs/:id', '/docs/1');
    const b = matchPath('/docs/:id', '/docs/2');
    expect([a?.params.id, b?.params.id]).toEqual(['1', '2']);
    (a!.params as Record<string, string>).id = 'changed';
    expect(matchPath('/docs/:id', '/docs/3')?.params).toEqual({ id: '3' });
  });
});
