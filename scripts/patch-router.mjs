// Run by `npm install` (postinstall). Remix 2 rebuilds on every page request route structures that only depend on
// the build; this keeps them (decisions 014 and 034):
// 1. React Router's route matching (@remix-run/router 1.x) flattens and ranks the whole route tree and compiles a
//    regular expression for every route pattern on every match; a page request matches five times (Remix's handler,
//    the static handler, the server render, the lazy route manifest, our metrics label), which was about a fifth of
//    the CPU of a document page. Memoised:
//    - compilePath(path, caseSensitive, end) is a pure function of its arguments: its [RegExp, params] answer is
//      kept by those arguments (the RegExp has no `g` flag, so sharing it keeps no state; the params are only read);
//    - the flattened, ranked branches of one routes array are kept per array (a WeakMap).
// 2. The server render (@remix-run/react RemixServer) built a route object for each of the app's ~90 routes per
//    request (createServerRoutes), and react-router-dom's createStaticRouter copied them all again into "data routes"
//    (so the branches of 1. were never found again). Both are functions of the build alone (its route manifest and
//    modules); they are kept per manifest (checked against the route modules) and per routes array. Neither React
//    Router nor Remix changes these objects on the server: a render reads them.
// Idempotent; a version of a file this does not recognise is left alone with a warning (pages still work, only
// slower), and test/unit/router-patch.test.ts fails so the change is seen.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Replace each `from` (which must occur exactly once) by its `to`, then put `helpers` before the top-level `before`. */
function patch(id, mark, helpers, before, edits) {
  let file;
  try {
    file = require.resolve(id);
  } catch {
    return; // not installed (e.g. a production install without Remix): nothing to do
  }
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes(mark)) return;
  if (edits.some(([from]) => source.split(from).length !== 2)) {
    console.warn(`patch-router: ${file} is not the version this patch knows; it is left unmemoised.`);
    return;
  }
  let patched = source;
  for (const [from, to] of edits) patched = patched.replace(from, to);
  if (patched.split(before).length !== 2) {
    console.warn(`patch-router: ${file} is not the version this patch knows; it is left unmemoised.`);
    return;
  }
  patched = patched.replace(before, `${mark}\n${helpers}${before}`);
  // A new file renamed over the old: a hard-linked copy of node_modules elsewhere keeps the original.
  fs.writeFileSync(`${file}.kaizen-tmp`, patched);
  fs.renameSync(`${file}.kaizen-tmp`, file);
}

patch(
  '@remix-run/router/dist/router.cjs.js',
  '/* kaizen: memoised route matching */',
  `const kaizenRankedBranches = new WeakMap();
function kaizenBranchesOf(routes) {
  let branches = kaizenRankedBranches.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    kaizenRankedBranches.set(routes, branches);
  }
  return branches;
}
const kaizenCompiled = new Map();
function compilePath(path, caseSensitive, end) {
  const key = path + "\\u0000" + caseSensitive + "\\u0000" + end;
  let compiled = kaizenCompiled.get(key);
  if (!compiled) {
    compiled = kaizenCompilePath(path, caseSensitive, end);
    if (kaizenCompiled.size < 5000) kaizenCompiled.set(key, compiled);
  }
  return compiled;
}
`,
  'function kaizenCompilePath(path, caseSensitive, end) {\n',
  [
    ['  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n', '  let branches = kaizenBranchesOf(routes);\n'],
    ['function compilePath(path, caseSensitive, end) {\n', 'function kaizenCompilePath(path, caseSensitive, end) {\n'],
  ],
);

patch(
  '@remix-run/react/dist/server.js',
  '/* kaizen: memoised server routes */',
  `const kaizenServerRoutes = new WeakMap();
function kaizenServerRoutesOf(manifestRoutes, routeModules, future, isSpaMode) {
  const kept = kaizenServerRoutes.get(manifestRoutes);
  if (kept && kept.future === future && kept.isSpaMode === isSpaMode && Object.keys(manifestRoutes).every((id) => kept.modules[id] === routeModules[id]))
    return kept.routes;
  const built = routes.createServerRoutes(manifestRoutes, routeModules, future, isSpaMode);
  kaizenServerRoutes.set(manifestRoutes, { routes: built, modules: { ...routeModules }, future, isSpaMode });
  return built;
}
`,
  'function RemixServer({\n',
  [
    [
      '  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n',
      '  let routes$1 = kaizenServerRoutesOf(manifest.routes, routeModules, context.future, context.isSpaMode);\n',
    ],
  ],
);

patch(
  'react-router-dom/server.js',
  '/* kaizen: memoised data routes */',
  `const kaizenDataRoutes = new WeakMap();
function kaizenDataRoutesOf(routes) {
  let kept = kaizenDataRoutes.get(routes);
  if (!kept) {
    const manifest = {};
    kept = { manifest, dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest) };
    kaizenDataRoutes.set(routes, kept);
  }
  return kept;
}
`,
  'function createStaticRouter(routes, context, opts = {}) {\n',
  [
    [
      '  let manifest = {};\n  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);\n',
      '  let { manifest, dataRoutes } = kaizenDataRoutesOf(routes);\n',
    ],
  ],
);
