// Start-up phases of a small scan, each timed on its own (CPU = user + system of the process, and
// wall), from the built code (`npm run build` first). Fresh processes for the whole-process rows,
// one process for the in-process phases, which run in the order a scan meets them.
//
//   node bench/startup.mjs [app dir, default examples/vulnerable-shop]
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const project = dirname(here);
const app = process.argv[2] ?? join(project, 'examples', 'vulnerable-shop');
const dist = (p) => pathToFileURL(join(project, 'dist', p)).href;

const SAMPLE = join(tmpdir(), `nightlight-startup-${process.pid}.json`);
const rows = [];
function whole(name, argv) {
  const cpus = [];
  const walls = [];
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(here, 'process-sample.mjs')).href, ...argv], {
      cwd: project,
      env: { ...process.env, NIGHTLIGHT_BENCH_SAMPLE: SAMPLE },
      stdio: 'ignore',
    });
    const wall = performance.now() - t0;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')}: exit ${r.status}`);
    const s = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    if (i > 0) {
      cpus.push(s.userMs + s.systemMs);
      walls.push(wall);
    }
  }
  rmSync(SAMPLE, { force: true });
  const med = (xs) => xs.sort((a, b) => a - b)[1];
  rows.push([name, med(cpus), med(walls)]);
}

whole('process: node with an empty script', ['-e', '0']);
whole('process: `nightlight --version` (bundled CLI loaded)', [join(project, 'dist', 'bin', 'nightlight.js'), '--version']);
whole('process: `nightlight scan <app> --format json`', [join(project, 'dist', 'bin', 'nightlight.js'), 'scan', app, '--format', 'json', '--fail-on', 'never', '--no-cache']);

async function phase(name, f) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  const c = process.cpuUsage(c0);
  rows.push([`in process: ${name}`, (c.user + c.system) / 1000, performance.now() - t0]);
  return r;
}

const api = await phase('import the library (dist/src/api.js, unbundled)', () => import(dist('src/api.js')));
const store = await import(dist('src/data/store.js'));
const managed = await import(dist('src/data/managed-policies.js'));
const iamActions = await import(dist('src/data/iam-actions.js'));
const catalogMod = await import(dist('src/analyses/iam/catalog.js'));
const grammars = await import(dist('src/loaders/code/grammars.js'));
await phase('managed policies: open the index', () => managed.managedPolicyStore());
await phase('managed policies: read one document', () => managed.managedPolicyEntry('AWSLambdaBasicExecutionRole'));
const catalog = await phase('IAM actions: open the index', () => new catalogMod.ActionCatalog(iamActions.iamActionStore()));
await phase('IAM actions: one service (s3)', () => catalog.expand('s3:*'));
await phase('IAM actions: every service (an Action: * policy)', () => catalog.expand('*'));
await phase('JS parser: import oxc-parser and parse a handler', async () => (await import('oxc-parser')).parseSync('a.js', 'export const handler = async (e) => e.body;'));
await phase('Python: tree-sitter runtime + grammar', () => grammars.loadGrammar('python'));
await phase(`first scan of ${app.replace(project + '/', '')} (analyze())`, () => api.analyze({ root: app }));
await phase('second scan of the same app (warm)', () => api.analyze({ root: app }));
void store;

const w = Math.max(...rows.map((r) => r[0].length));
console.log(`${'phase'.padEnd(w)}  ${'CPU ms'.padStart(7)}  ${'wall ms'.padStart(8)}`);
for (const [name, cpu, wall] of rows) console.log(`${name.padEnd(w)}  ${cpu.toFixed(0).padStart(7)}  ${wall.toFixed(0).padStart(8)}`);
