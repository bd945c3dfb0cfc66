/**
 * The public entry: analyze(options) → RunResult.
 */
import type { AppModel } from './model/types.js';
import type { Analyses, Rule, RunResult } from './engine/types.js';
import { loadAll } from './loaders/index.js';
import { buildModel } from './model/build.js';
import { runRules, type EngineOptions } from './engine/run.js';
import { RULES } from './rules/registry.generated.js';
import { VERSION } from './version.js';
import { analyzeIam } from './analyses/iam/index.js';
import { analyzeSurface } from './analyses/surface/reach.js';
import { analyzeCost, type CostAssumptionsInput } from './analyses/cost/index.js';
import type { NightlightConfig } from './config/schema.js';
import { dropIgnored, isIgnored, withConfig } from './config/apply.js';
import { scanIgnoreComments } from './loaders/comments.js';
import { applySuppressions } from './engine/suppress.js';
import { applyBaseline, type Baseline } from './engine/baseline.js';

export type { RunResult, Finding, Rule, Severity, Category } from './engine/types.js';
export type * from './model/types.js';

export interface AnalyzeOptions {
  /** Directory (or single template file) to scan. */
  root: string;
  /** CloudFormation parameter overrides (`--param Key=Value`). */
  params?: Record<string, string>;
  region?: string;
  /** Serverless Framework stage. */
  stage?: string;
  /** Let Serverless `${env:...}` read the environment. */
  allowEnv?: boolean;
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
}

export async function analyze(input: AnalyzeOptions): Promise<RunResult> {
  const options = withConfig(input);
  const loaded = await loadAll({
    root: options.root,
    params: options.params ?? {},
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.allowEnv ? { allowEnv: true } : {}),
    ...(options.maxFileBytes ? { files: { maxFileBytes: options.maxFileBytes } } : {}),
  });
  const diagnostics = loaded.diagnostics;
  const model: AppModel = buildModel(dropIgnored(options.config, loaded.templates, diagnostics), { params: options.params ?? {}, ...(options.region ? { region: options.region } : {}), ...(options.accountId ? { accountId: options.accountId } : {}) }, diagnostics);
  const iam = analyzeIam(model);
  const surface = analyzeSurface(model, iam);
  const cost = analyzeCost(model, surface, { ...(options.region ? { region: options.region } : {}), ...options.cost });
  const analyses: Analyses = { iam, surface, cost };
  const findings = runRules(options.rules ?? RULES, model, analyses, diagnostics, options.engine);
  // Suppressions, then the baseline: a finding excused inline keeps that reason, not "in the baseline".
  const commentFiles = [...model.inputs.map((i) => i.file), ...findings.map((f) => f.location.file)].filter((f) => !isIgnored(options.config, f));
  applySuppressions(findings, { comments: scanIgnoreComments(options.root, commentFiles), model, config: options.config?.suppress ?? [], rules: options.rules ?? RULES }, diagnostics);
  if (options.baseline) applyBaseline(findings, options.baseline.baseline, options.baseline.file, diagnostics);
  return {
    schemaVersion: 1,
    tool: { name: 'nightlight', version: VERSION },
    root: options.root,
    model,
    findings,
    analyses,
    diagnostics: sortDiagnostics(diagnostics),
    inputs: model.inputs,
  };
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
