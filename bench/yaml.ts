/**
 * YAML loading of one template: parseYaml (src/loaders/cloudformation/parse.ts) five times in one
 * process; prints the first (cold) and the median of the other four (warm), CPU and wall.
 * `--composer` forces the composed-Document path instead of the CST fast path (cst.ts).
 *
 *   node --import tsx bench/yaml.ts <template.yaml> [--composer]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseYaml } from '../src/loaders/cloudformation/parse.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node --import tsx bench/yaml.ts <template.yaml> [--composer]');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const cst = !process.argv.includes('--composer');
const runs: { cpu: number; wall: number }[] = [];
for (let r = 0; r < 5; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const d = parseYaml(text, file, undefined, { cst });
  const c = process.cpuUsage(c0);
  runs.push({ cpu: Math.round((c.user + c.system) / 1000), wall: Math.round(performance.now() - t0) });
  if (d.value === undefined) console.error(`${file}: not parsed (${d.diagnostics.map((x) => x.code).join(', ')})`);
}
const warm = runs.slice(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(JSON.stringify({ file, bytes: text.length, path: cst ? 'cst' : 'composer', coldCpuMs: runs[0]!.cpu, coldWallMs: runs[0]!.wall, warmCpuMs: median(warm.map((x) => x.cpu)), warmWallMs: median(warm.map((x) => x.wall)) }));
