/**
 * The public entry: analyze(options) → RunResult.
 */
import type { AppModel } from './model/types.js';
import type { Rule } from './engine/types.js';
import type { AnalyzedRun } from './engine/result.js';
import { loadAll } from './loaders/index.js';
import { buildModel } from './model/build.js';
import { runRules, type EngineOptions } from './engine/run.js';
import { RULES } from './rules/registry.generated.js';
import { VERSION } from './version.js';
import type { CostAssumptionsInput } from './analyses/cost/index.js';
import { runAnalyses } from './analyses/index.js';
import { withIdentityEntryPoints } from './analyses/iam/identity-entries.js';
import type { NightlightConfig } from './config/schema.js';
import { dropIgnored, isIgnored, withConfig } from './config/apply.js';
import { scanCheckovComments, scanIgnoreComments } from './loaders/comments.js';
import { applySuppressions } from './engine/suppress.js';
import { applyBaseline, type Baseline } from './engine/baseline.js';
import type { Diagnostic, FunctionNode, LoadedTemplate } from './model/types.js';
import { loadHandler, loadInlineHandler } from './loaders/code/index.js';
import { ScanCache } from './loaders/cache.js';
import { statSync } from 'node:fs';
import type { IrModule } from './model/code-ir.js';
import type { LoadedHandler } from './analyses/code/program.js';
import { loadAdvisories, loadDependencies } from './loaders/dependencies.js';
import { ScanRoot } from './loaders/files.js';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { loadCodeowners } from './loaders/owners.js';
import { coverageOf } from './engine/coverage.js';

export type { AnalyzedRun, RunResult } from './engine/result.js';
export type { Finding, Severity, Category } from './model/findings.js';
export type { Rule } from './engine/types.js';
export type * from './model/types.js';

export interface AnalyzeOptions {
  /** Directory (or single template file) to scan. */
  root: string;
  /** CloudFormation parameter overrides (`--param Key=Value`). */
  params?: Record<string, string>;
  region?: string;
  /** Serverless Framework stage. */
  stage?: string;
  /** Let Serverless `${env:...}` and Terraform `TF_VAR_*` read the environment. */
  allowEnv?: boolean;
  /** Terraform variable files (`--var-file`), relative to the scanned folder; after terraform.tfvars and *.auto.tfvars. */
  varFiles?: string[];
  accountId?: string;
  /** Rules to run (default: all). */
  rules?: readonly Rule[];
  engine?: EngineOptions;
  /** Cost assumptions (account concurrency, budget, prices). */
  cost?: CostAssumptionsInput;
  /** Largest file read, in bytes. */
  maxFileBytes?: number;
  /** Loaded configuration (src/config/load.ts); explicit options above win over it. */
  config?: NightlightConfig;
  /** A parsed baseline (src/engine/baseline.ts) and its file name for messages. */
  baseline?: { baseline: Baseline; file: string };
  /**
   * Folder of OSV advisory records (`--advisories`); relative to the scanned root. Default: the
   * config's `advisories:`, else `<root>/.nightlight/advisories/` when it exists (docs/advisories.md).
   */
  advisories?: string;
  /**
   * The user's advisory snapshot cache (`nightlight advisories update`; the CLI passes
   * `$NIGHTLIGHT_ADVISORIES_DIR` or `~/.cache/nightlight/advisories`): read when neither `advisories`
   * nor the config names a folder and the root has no `.nightlight/advisories/`.
   */
  advisoryCache?: string;
  /**
   * Templates already loaded (the live account reader, `drift`): the root's files are not
   * discovered; handler code, when there is any, is read from under the root.
   */
  loaded?: { templates: LoadedTemplate[]; diagnostics: Diagnostic[] };
  /**
   * The cache of incremental runs (docs/performance.md): `true` for `<root>/.nightlight/cache`, a
   * folder (`inside`: the tree it lies in, checked for symbolic links on the way), or false/absent
   * for none. The CLI turns it on unless `--no-cache` or `cache: false`.
   */
  cache?: boolean | string | { dir: string; inside: string };
  /**
   * Threads that parse templates (docs/performance.md, "What runs in parallel"): 0 for none, a
   * number, or 'auto' (the default: one per core when there is enough to parse). Never changes a report.
   */
  workers?: number | 'auto';
  /** Called with a short message as a long scan moves from stage to stage (the CLI's progress line). */
  progress?: (message: string) => void;
}

export async function analyze(input: AnalyzeOptions): Promise<AnalyzedRun> {
  const options = withConfig(input);
  // The file boundary: every read of this scan stays under the root, or under a path the caller
  // gave explicitly (the advisory folder option); the config's paths must stay under the root.
  const explicitAdvisories = options.advisories !== undefined ? [resolvePath(new ScanRoot(options.root).dir, options.advisories)] : options.advisoryCache !== undefined ? [resolvePath(options.advisoryCache)] : [];
  const scan = new ScanRoot(options.root, { ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}), explicit: explicitAdvisories });
  const cache = openCache(options);
  const loaded = options.loaded ? { templates: options.loaded.templates, diagnostics: [...options.loaded.diagnostics] } : await loadAll({
    root: options.root,
    scan,
    cache,
    params: options.params ?? {},
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.allowEnv ? { allowEnv: true } : {}),
    ...(options.varFiles?.length ? { varFiles: options.varFiles } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const progress = options.progress ?? (() => {});
  const diagnostics = loaded.diagnostics;
  const templates = dropIgnored(options.config, loaded.templates, diagnostics);
  progress(`building the model of ${templates.length} stacks`);
  const model: AppModel = withIdentityEntryPoints(buildModel(templates, { params: options.params ?? {}, ...(options.region ? { region: options.region } : {}), ...(options.accountId ? { accountId: options.accountId } : {}) }, diagnostics));
  progress(`analysing ${model.functions.length} functions of ${templates.length} stacks`);
  const fnById = new Map(model.functions.map((f) => [f.id, f]));
  const templateByFile = new Map<string, LoadedTemplate>();
  for (const t of loaded.templates) if (!templateByFile.has(t.file)) templateByFile.set(t.file, t);
  const handlers = await loadHandlers(scan, model, loaded.templates, diagnostics, cache);
  const dependencies = loadDependencies(scan, model.functions, diagnostics, layerContents(model));
  const advisories = loadAdvisories(scan, diagnostics, { ...advisoryDir(options, scan), ...(options.advisoryCache !== undefined ? { cache: resolvePath(options.advisoryCache) } : {}), dependencies });
  const analyses = runAnalyses(model, {
    templates,
    handlers,
    dependencies,
    advisories,
    owners: {
      codeowners: options.loaded ? null : loadCodeowners(scan, diagnostics),
      config: options.config?.owners?.length ? { file: options.config.file, rules: options.config.owners } : null,
    },
    cost: { ...(options.region ? { region: options.region } : {}), ...options.cost },
    environmentLocation: (fnId, name) => {
      const fn = fnById.get(fnId);
      const t = fn && templateByFile.get(fn.stack);
      return t ? t.locate(['Resources', fn.logicalId, 'Properties', 'Environment', 'Variables', name]) : null;
    },
    progress,
  });
  for (const fc of Object.values(analyses.code.functions)) diagnostics.push(...fc.diagnostics);
  if (!analyses.dependencies.checked && analyses.dependencies.manifests > 0 && (options.rules ?? RULES).some((r) => r.id === 'code/no-vulnerable-dependency')) {
    diagnostics.push({ level: 'info', code: 'advisories-absent', message: 'no advisory snapshot: dependencies were not checked (run `nightlight advisories update`, or pass --advisories DIR)' });
  }
  if (analyses.dependencies.checked && analyses.dependencies.manifests > 0) {
    const d = analyses.dependencies;
    diagnostics.push({ level: 'info', code: 'advisories-snapshot', message: `advisories: ${d.snapshotDate ? `OSV snapshot of ${d.snapshotDate}` : 'snapshot of unknown date'} (${d.snapshotDir}); ${d.manifests} manifest${d.manifests === 1 ? '' : 's'} checked` });
  }
  progress('running the rules');
  const findings = runRules(options.rules ?? RULES, model, analyses, diagnostics, options.engine);
  // Suppressions, then the baseline: a finding excused inline keeps that reason, not "in the baseline".
  const commentFiles = [...model.inputs.map((i) => i.file), ...findings.map((f) => f.location.file)].filter((f) => !isIgnored(options.config, f));
  applySuppressions(findings, { comments: scanIgnoreComments(scan, commentFiles), checkovComments: scanCheckovComments(scan, commentFiles), model, config: options.config?.suppress ?? [], rules: options.rules ?? RULES }, diagnostics);
  if (options.baseline) applyBaseline(findings, options.baseline.baseline, options.baseline.file, diagnostics);
  cache?.prune();
  return {
    schemaVersion: 1,
    tool: { name: 'nightlight', version: VERSION },
    root: options.root,
    model,
    findings,
    analyses,
    diagnostics: sortDiagnostics(diagnostics),
    inputs: model.inputs,
    coverage: coverageOf(
      diagnostics,
      Object.values(analyses.code.functions).flatMap((fc) => (fc.skipped === null ? [] : [{ functionId: fc.functionId, reason: fc.skipped }])),
    ),
  };
}

/** The cache of this run: the option, else the config's `cache:`; the default folder is `<root>/.nightlight/cache`. */
function openCache(options: AnalyzeOptions): ScanCache | null {
  const wanted = options.cache ?? options.config?.cache ?? false;
  if (wanted === false) return null;
  if (typeof wanted === 'string') return ScanCache.open({ dir: resolvePath(wanted) });
  if (typeof wanted === 'object') return ScanCache.open({ dir: resolvePath(wanted.dir), inside: resolvePath(wanted.inside) });
  let base = options.root;
  try {
    if (statSync(options.root).isFile()) base = dirname(options.root);
  } catch {
    return null;
  }
  return ScanCache.open({ dir: resolvePath(base, '.nightlight', 'cache'), inside: resolvePath(base) });
}

/** Layer references (the ARN a function's `Layers` resolves to) → the layer's name and content folder in the tree. */
function layerContents(model: AppModel): Map<string, { name: string; path: string }> {
  const out = new Map<string, { name: string; path: string }>();
  for (const r of model.resources) if (r.kind === 'layer' && typeof r.arn === 'string' && r.attributes.contentPath !== undefined) out.set(r.arn, { name: typeof r.name === 'string' ? r.name : r.logicalId, path: r.attributes.contentPath });
  return out;
}

/** The advisory folder: the option (relative to the root), else the config's (relative to the config file). */
function advisoryDir(options: AnalyzeOptions, scan: ScanRoot): { dir?: string } {
  if (options.advisories !== undefined) return { dir: options.advisories };
  const fromConfig = options.config?.advisories;
  if (fromConfig === undefined) return {};
  const file = options.config?.file;
  if (isAbsolute(fromConfig) || !file) return { dir: fromConfig };
  return { dir: resolvePath(scan.real ?? scan.dir, dirname(file), fromConfig) };
}

/** Reads every function's handler source (files, or ZipFile/InlineCode text), sharing parsed modules. */
async function loadHandlers(scan: ScanRoot, model: AppModel, templates: readonly LoadedTemplate[], diagnostics: Diagnostic[], diskCache: ScanCache | null): Promise<LoadedHandler[]> {
  const cache = new Map<string, IrModule | null>();
  const out: LoadedHandler[] = [];
  for (const fn of model.functions) {
    const mine: Diagnostic[] = [];
    const source = fn.handler.inline ? await inlineSource(fn, templates, mine) : await loadHandler(scan.dir, fn, mine, { cache, scan, diskCache });
    diagnostics.push(...mine.filter((d) => d.code !== 'handler-inline'));
    const runtime = typeof fn.runtime === 'string' ? fn.runtime : null;
    const reason = source ? null : mine.find((d) => d.level !== 'info')?.message ?? (runtime ? `runtime ${runtime} is not analysed` : 'its handler code could not be loaded');
    out.push({ functionId: fn.id, source, reason });
  }
  return out;
}

async function inlineSource(fn: FunctionNode, templates: readonly LoadedTemplate[], diagnostics: Diagnostic[]): Promise<Awaited<ReturnType<typeof loadInlineHandler>>> {
  const path = ['Resources', fn.logicalId, 'Properties', 'Code', 'ZipFile'];
  const t = templates.find((x) => x.file === fn.stack);
  const resources = t?.body['Resources'] as Record<string, { Properties?: { Code?: { ZipFile?: unknown } } }> | undefined;
  const code = resources?.[fn.logicalId]?.Properties?.Code?.ZipFile;
  if (!t || typeof code !== 'string' || typeof fn.handler.handler !== 'string') {
    diagnostics.push({ level: 'warning', code: 'handler-unresolved', message: `${fn.id}: inline code could not be determined; its code is not analysed`, location: fn.location });
    return null;
  }
  const at = t.locate(path);
  // A block scalar (`ZipFile: |`) starts on the line after the key.
  const line = at.line + (at.line === t.locate(path.slice(0, -1)).line || !code.includes('\n') ? 0 : 1);
  return loadInlineHandler(fn, code, { file: at.file, line, runtime: typeof fn.runtime === 'string' ? fn.runtime : null, handler: fn.handler.handler }, diagnostics);
}

function sortDiagnostics<T extends { location?: { file: string; line: number; column: number }; message: string }>(list: T[]): T[] {
  const key = (d: T) => `${d.location?.file ?? ''}\u0000${String(d.location?.line ?? 0).padStart(9, '0')}\u0000${String(d.location?.column ?? 0).padStart(9, '0')}\u0000${d.message}`;
  const seen = new Set<string>();
  return list
    .filter((d) => {
      const k = key(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
