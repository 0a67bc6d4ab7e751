/**
 * The top of a V8 CPU profile (not a test): `tsx test/bench/profile-top.ts <file.cpuprofile|dir> [N]`.
 * Prints the N (30) functions with the most self time, and the time per package/source file (self time summed over
 * the file's functions), so "where does page time go" has an answer without a browser's profiler.
 * A directory means its largest .cpuprofile: the main thread's (PDF worker threads write small ones beside it). Pair with `BENCH_PROFILE=/tmp/prof npm run bench:pages`.
 */
import fs from 'node:fs';
import path from 'node:path';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

let file = process.argv[2];
const top = Number(process.argv[3]) || 30;
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile|dir> [N]');
if (fs.statSync(file).isDirectory()) {
  const largest = fs
    .readdirSync(file)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(file, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!largest) throw new Error(`no .cpuprofile in ${file}`);
  file = largest;
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// Self time per node from the samples and their time deltas (hitCount alone ignores uneven sampling).
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
};
const fnKey = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;

const byFn = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, ms] of self) {
  const n = byId.get(id)!;
  byFn.set(fnKey(n), (byFn.get(fnKey(n)) ?? 0) + ms);
  const w = n.callFrame.url ? where(n.callFrame.url) : n.callFrame.functionName || '(native)';
  byFile.set(w, (byFile.get(w) ?? 0) + ms);
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
};
console.log(`${file}: ${total.toFixed(0)} ms sampled`);
show('self time by function', byFn);
show('self time by package / source file', byFile);
