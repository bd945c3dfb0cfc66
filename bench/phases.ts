/**
 * Where a scan's time goes: the stages of analyze() (src/api.ts) timed one by one, CPU and wall,
 * in one process. A diagnostic tool for docs/performance.md, not a target; it mirrors the pipeline
 * of src/api.ts (one ScanRoot for the scan, as there; without config, advisories, suppressions,
 * baseline and the report), so keep the two in step.
 *
 *   node --import tsx bench/phases.ts <dir>            through tsx (the analyses' code as written)
 *   node --import tsx bench/phases.ts --bundle <dir>   from a bundle with the CLI's V8 flags, as a scan runs
 *   node --expose-gc --import tsx bench/phases.ts <dir> --heap   (also the live heap after each stage, after a full GC)
 *   … --heap --snapshot <prefix>   (and a heap snapshot after each stage: <prefix>-<n>.heapsnapshot, for DevTools)
 */
import { spawnSync } from 'node:child_process';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { loadAll } from '../src/loaders/index.js';
import { buildModel } from '../src/model/build.js';
import { analyzeIam, analyzeIamRisks, riskClassesByFunction } from '../src/analyses/iam/index.js';
import { analyzeSurface } from '../src/analyses/surface/reach.js';
import { analyzeCost } from '../src/analyses/cost/index.js';
import { analyzeCode, type LoadedHandler } from '../src/analyses/code/program.js';
import { analyzeLeastPrivilege } from '../src/analyses/iam/least-privilege.js';
import { analyzePrincipalRisks } from '../src/analyses/iam/principals.js';
import { findConfigSecrets } from '../src/analyses/code/config-secrets.js';
import { dataAccess } from '../src/analyses/surface/access.js';
import { analyzeDependencies } from '../src/analyses/code/dependencies.js';
import { loadHandler } from '../src/loaders/code/index.js';
import type { IrModule } from '../src/model/code-ir.js';
import { runRules } from '../src/engine/run.js';
import { RULES } from '../src/rules/registry.generated.js';
import type { Diagnostic } from '../src/model/types.js';

import { ScanRoot } from '../src/loaders/files.js';
import { loadDependencies } from '../src/loaders/dependencies.js';
import { BUNDLE_OPTIONS, REQUIRE_SHIM, ROOT } from '../scripts/bundle-options.js';
import { CLI_V8_FLAGS } from '../scripts/v8-flags.js';

const args = process.argv.slice(2);
const bundled = args.includes('--bundle');
const heap = args.includes('--heap');
const snapshotAt = args.indexOf('--snapshot');
const snapshot = snapshotAt >= 0 ? args[snapshotAt + 1] : undefined;
const dir = args.find((a, i) => !a.startsWith('--') && (snapshotAt < 0 || i !== snapshotAt + 1));
const gc = (globalThis as { gc?: () => void }).gc;
if (heap && !bundled && gc === undefined) {
  console.error('--heap needs node --expose-gc');
  process.exit(2);
}
if (!dir) {
  console.error('usage: node --import tsx bench/phases.ts [--bundle] <dir> [--heap [--snapshot <prefix>]]');
  process.exit(2);
}
if (bundled) {
  // bundled beside the CLI's bundle (its external packages resolve from node_modules as the CLI's do)
  const self = join(ROOT, 'dist', 'bench', 'phases.mjs');
  const { build } = await import('esbuild');
  await build({ ...BUNDLE_OPTIONS, external: [...(BUNDLE_OPTIONS.external ?? []), 'esbuild'], entryPoints: [fileURLToPath(import.meta.url)], outfile: self, banner: { js: REQUIRE_SHIM } });
  const r = spawnSync(process.execPath, [CLI_V8_FLAGS, ...(heap ? ['--expose-gc'] : []), self, resolvePath(dir), ...args.filter((a) => a !== '--bundle' && a !== dir)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const rows: [string, number, number, number][] = [];
async function phase<T>(name: string, f: () => T | Promise<T>): Promise<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  // the live heap once the stage's garbage is collected (outside the stage's times)
  if (heap) gc!();
  if (snapshot !== undefined) writeHeapSnapshot(`${snapshot}-${rows.length + 1}.heapsnapshot`);
  rows.push([name, Math.round((c.user + c.system) / 1000), Math.round(wall), heap ? Math.round(process.memoryUsage().heapUsed / 2 ** 20) : 0]);
  return r;
}

const scan = new ScanRoot(dir);
const loaded = await phase('load (discover, YAML/JSON parse, SAM expansion)', () => loadAll({ root: dir, scan, params: {} }));
const diagnostics: Diagnostic[] = loaded.diagnostics;
const model = await phase('model (resolve intrinsics, build)', () => buildModel(loaded.templates, { params: {} }, diagnostics));
const iam = await phase('IAM analysis (lazy permission lists)', () => analyzeIam(model));
const risks = await phase('IAM risks', () => analyzeIamRisks(model, iam));
const handlers = await phase('handler loading (read, parse, lower)', async () => {
  const cache = new Map<string, IrModule | null>();
  const out: LoadedHandler[] = [];
  for (const fn of model.functions) {
    const mine: Diagnostic[] = [];
    const source = fn.handler.inline ? null : await loadHandler(scan.dir, fn, mine, { cache, scan });
    out.push({ functionId: fn.id, source, reason: source ? null : 'not loaded' });
  }
  return out;
});
await phase('dependency manifests', () => loadDependencies(scan, model.functions, diagnostics));
const code = await phase('code analysis (interpret, resolve targets, flows)', () => analyzeCode(model, handlers));
const surface = await phase('surface (first read of permission lists)', () => analyzeSurface(model, iam, { codeCalls: code.codeCalls, risks: riskClassesByFunction(risks) }));
const leastPrivilege = await phase('least privilege', () => analyzeLeastPrivilege(model, iam, code));
const cost = await phase('cost', () => analyzeCost(model, surface, {}));
// as src/analyses/index.ts: data access only when read (the HTML map, owners), so not here
const iamPrincipals = await phase('IAM principals (roles no function runs with)', () => analyzePrincipalRisks(model));
const configSecrets = await phase('configuration secrets', () => findConfigSecrets(loaded.templates));
const dependencies = await phase('dependencies', () => analyzeDependencies([], null));
const handlerMap = Object.fromEntries(Object.values(code.functions).map((fc) => [fc.functionId, fc.handler]));
// A getter, not spread: spreading an object with a getter calls it (data access computed eagerly).
const analyses = { iam, iamRisks: risks, surface, cost, code, handlers: handlerMap, leastPrivilege, iamPrincipals, configSecrets, dependencies, get access() { return dataAccess(model, iam, code.codeCalls); } };
const findings = await phase('rules', () => runRules(RULES, model, analyses, diagnostics));

const total = rows.reduce((a, r) => [a[0] + r[1], a[1] + r[2]], [0, 0]);
console.log(`${dir}: ${model.functions.length} functions, ${findings.length} findings`);
console.log(`${'phase'.padEnd(52)} ${'CPU ms'.padStart(7)} ${'wall ms'.padStart(8)}${heap ? ' live heap MB after' : ''}`);
for (const [name, cpu, wall, mb] of rows) console.log(`${name.padEnd(52)} ${String(cpu).padStart(7)} ${String(wall).padStart(8)}${heap ? String(mb).padStart(20) : ''}`);
console.log(`${'total'.padEnd(52)} ${String(total[0]).padStart(7)} ${String(total[1]).padStart(8)}`);
