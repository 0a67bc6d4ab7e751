// What ships to the browser. Reads the build the global set-up made current: the Remix manifest
// (which files each page loads), esbuild's metafile of that build (which source files went into
// each of those files), and the route sources themselves.
// - No server-only code in any browser file: no `*.server.ts` module (Remix swaps them for empty
//   stubs), no database, PDF or logging library, no Node built-in.
// - zod only in the page bundles that need it in the browser (none today: forms are parsed by
//   the actions on the server).
// - No client export of a route (component, ErrorBoundary, meta) uses a binding from a
//   `*.server.ts` module: in the browser that binding is `undefined`, and the page crashes once
//   hydrated (the audit page did).
// - Every page route has an ErrorBoundary.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { loadBuild } from '../helpers/app';
import { routeFiles, ROUTES_DIR } from '../helpers/routes';

type Metafile = { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
const metafile = (): Metafile => JSON.parse(fs.readFileSync('build/metafile.js.json', 'utf8'));

/** Source files that must never reach the browser, by the path esbuild reports (node_modules may sit behind a symlink). */
const SERVER_ONLY: [RegExp, string][] = [
  [/^(?!empty-module:).*\.server\.[cm]?[jt]sx?$/, 'a *.server module'],
  [/(^|\/)db\/(?!enums\.ts$)[^/]+$/, 'database code (db/, other than db/enums.ts)'],
  [
    /node_modules\/(drizzle-orm|postgres|@electric-sql|@react-pdf|pdfkit|fontkit|pino|prom-client|rate-limiter-flexible)\//,
    'a server library',
  ],
  [/^(node:|empty-module:node:)/, 'a Node built-in'],
];
const ZOD = /node_modules\/zod\//;
/** Page routes whose browser code needs zod (a client-side schema); empty while every form is parsed on the server. */
const ZOD_IN_BROWSER = new Set<string>([]);

export function serverOnlyInputs(inputs: string[]): string[] {
  return inputs.flatMap((i) => SERVER_ONLY.filter(([re]) => re.test(i)).map(([, what]) => `${i} (${what})`));
}

async function browserFilesByRoute(): Promise<Map<string, string[]>> {
  const build = await loadBuild();
  const out = new Map<string, string[]>();
  const entry = [build.assets.entry.module, ...build.assets.entry.imports];
  for (const [id, r] of Object.entries(build.assets.routes)) out.set(id, [...entry, r.module, ...(r.imports ?? [])]);
  return out;
}

/** `/build/x.js` (manifest) → the inputs esbuild put into `public/build/x.js`. */
function inputsOf(meta: Metafile, url: string): string[] {
  const key = `public${url}`;
  const o = meta.outputs[key];
  if (!o) throw new Error(`${key} is not in build/metafile.js.json: the build is stale`);
  return Object.entries(o.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([k]) => k);
}

describe('browser bundles', () => {
  it('the checker recognises server-only sources and zod (so the checks below can fail)', () => {
    expect(
      serverOnlyInputs(['app/models/user.server.ts', 'db/schema.ts', '../../main/node_modules/drizzle-orm/index.js', 'node:crypto']),
    ).toHaveLength(4);
    expect(serverOnlyInputs(['empty-module:~/models/user.server', 'db/enums.ts', 'app/lib/time.ts'])).toEqual([]);
    expect(ZOD.test('../../main/node_modules/zod/v4/classic/schemas.js')).toBe(true);
  });

  it('every file the manifest sends to a browser exists and holds no server-only source', async () => {
    const meta = metafile();
    const files = new Set([...(await browserFilesByRoute()).values()].flat());
    expect(files.size).toBeGreaterThan(10);
    const found: string[] = [];
    for (const url of files) {
      expect(fs.existsSync(path.join('public', url)), url).toBe(true);
      for (const bad of serverOnlyInputs(inputsOf(meta, url))) found.push(`${url}: ${bad}`);
    }
    expect(found).toEqual([]);
  });

  it('zod is only in the bundles of pages that need it in the browser', async () => {
    const meta = metafile();
    const withZod: string[] = [];
    for (const [id, urls] of await browserFilesByRoute()) {
      if (ZOD_IN_BROWSER.has(id)) continue;
      const zodFiles = urls.filter((u) => inputsOf(meta, u).some((i) => ZOD.test(i)));
      if (zodFiles.length) withZod.push(`${id}: ${zodFiles.join(', ')}`);
    }
    expect(withZod).toEqual([]);
  });

  it('every page route has an ErrorBoundary', async () => {
    const build = await loadBuild();
    const pages = Object.entries(build.routes).filter(([, r]) => typeof r.module.default === 'function');
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.filter(([id]) => !build.assets.routes[id]?.hasErrorBoundary).map(([id]) => id)).toEqual([]);
  });

  it('no client export of a route uses a binding of a *.server module', async () => {
    const CLIENT_EXPORTS = new Set([
      'default',
      'ErrorBoundary',
      'HydrateFallback',
      'Layout',
      'meta',
      'links',
      'handle',
      'shouldRevalidate',
      'clientLoader',
      'clientAction',
    ]);
    const found: string[] = [];
    for (const file of routeFiles().filter((f) => /\.tsx?$/.test(f))) {
      const source = path.join(ROUTES_DIR, file);
      const { exports } = await bundle({ entry: source });
      const client = exports.filter((e) => CLIENT_EXPORTS.has(e));
      if (!client.length) continue;
      const stdin = `export { ${client.join(', ')} } from ${JSON.stringify(`./${path.relative(process.cwd(), source)}`)};`;
      const { text } = await bundle({ contents: stdin });
      // A server module is a CommonJS stub here (`var require_x = __commonJS({ "server-stub:…"`, read
      // through `var import_x = __toESM(require_x())`), and a binding read from it is `import_x.<name>`:
      // present only where tree-shaken client code still uses it.
      const requires = [...text.matchAll(/var (require_[\w$]+) = __commonJS\(\{\s*"server-stub:/g)].map((m) => m[1]);
      const stubs = requires.flatMap((req) =>
        [...text.matchAll(new RegExp(`var (import_[\\w$]+) = __toESM\\(${esc(req)}\\(\\)`, 'g'))].map((m) => m[1]),
      );
      for (const ns of stubs)
        for (const m of text.matchAll(new RegExp(`\\b${esc(ns)}\\.([\\w$]+)`, 'g'))) found.push(`${file}: ${ns}.${m[1]}`);
    }
    expect([...new Set(found)]).toEqual([]);
  });
});

const esc = (s: string) => s.replace(/\$/g, '\\$');

/** Bundle app code as the browser build would: `*.server` modules are empty stubs, packages and CSS stay outside. */
async function bundle(from: { entry: string } | { contents: string }): Promise<{ exports: string[]; text: string }> {
  const r = await esbuild.build({
    ...('entry' in from
      ? { entryPoints: [from.entry] }
      : { stdin: { contents: from.contents, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'client-exports.ts' } }),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    treeShaking: true,
    jsx: 'automatic',
    logLevel: 'silent',
    plugins: [
      {
        name: 'browser-like',
        setup(b) {
          b.onResolve({ filter: /\.server(\.[cm]?[jt]sx?)?$/ }, (a) => ({ path: a.path, namespace: 'server-stub' }));
          b.onLoad({ filter: /.*/, namespace: 'server-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
          b.onResolve({ filter: /^~\// }, (a) => b.resolve(`./app/${a.path.slice(2)}`, { resolveDir: process.cwd(), kind: a.kind }));
          b.onResolve({ filter: /\.css$/ }, (a) => ({ path: a.path, external: true }));
          b.onResolve({ filter: /^[^./~]/ }, (a) => (a.kind === 'entry-point' ? undefined : { path: a.path, external: true }));
        },
      },
    ],
  });
  const out = Object.values(r.metafile.outputs)[0] as { exports: string[] };
  return { exports: out.exports, text: r.outputFiles[0].text };
}
