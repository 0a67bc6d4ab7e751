// Run by `npm install` (postinstall). React Router's route matching (@remix-run/router 1.x, which Remix 2 uses on
// the server) flattens and ranks the whole route tree and compiles a regular expression for every route pattern on
// every match; a page request matches five times (Remix's handler, the static handler, the server render, the lazy
// route manifest, our metrics label), which was about a fifth of the CPU of a document page. This memoises both:
//  - compilePath(path, caseSensitive, end) is a pure function of its arguments: its [RegExp, params] answer is
//    kept by those arguments (the RegExp has no `g` flag, so sharing it keeps no state; the params are only read);
//  - the flattened, ranked branches of one routes array are kept per array (a WeakMap): Remix builds its route
//    arrays once per build and never changes them on the server.
// Idempotent; a version of the file this does not recognise is left alone with a warning (matching still works,
// only slower), and test/unit/router-patch.test.ts fails so the change is seen.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const MARK = '/* kaizen: memoised route matching */';
const require = createRequire(import.meta.url);
let file;
try {
  file = require.resolve('@remix-run/router/dist/router.cjs.js');
} catch {
  process.exit(0); // not installed (e.g. a production install without Remix): nothing to do
}
const source = fs.readFileSync(file, 'utf8');
if (source.includes(MARK)) process.exit(0);

const flatten = '  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n';
const compile = 'function compilePath(path, caseSensitive, end) {\n';
if (source.split(flatten).length !== 2 || source.split(compile).length !== 2) {
  console.warn(`patch-router: ${file} is not the version this patch knows; route matching is left unmemoised.`);
  process.exit(0);
}
const helpers = `${MARK}
const kaizenRankedBranches = new WeakMap();
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
`;
const patched = source
  .replace(flatten, '  let branches = kaizenBranchesOf(routes);\n')
  .replace(compile, `${helpers}function kaizenCompilePath(path, caseSensitive, end) {\n`);
// A new file renamed over the old: a hard-linked copy of node_modules elsewhere keeps the original.
fs.writeFileSync(`${file}.kaizen-tmp`, patched);
fs.renameSync(`${file}.kaizen-tmp`, file);
