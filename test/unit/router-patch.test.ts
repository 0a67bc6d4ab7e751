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
    const file = require.resolve('@remix-run/router/dist/router.cjs.js');
    expect(fs.readFileSync(file, 'utf8')).toContain('/* kaizen: memoised route matching */');
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
