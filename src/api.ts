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

export type { RunResult, Finding, Rule, Severity, Category } from './engine/types.js';
export type * from './model/types.js';

export interface AnalyzeOptions {
  /** Directory (or single template file) to scan. */
  root: string;
  /** CloudFormation parameter overrides (`--param Key=Value`). */
  params?: Record<string, string>;
  region?: string;
  accountId?: string;
  /** Rules to run (default: all). */
  rules?: readonly Rule[];
  engine?: EngineOptions;
  /** Largest file read, in bytes. */
  maxFileBytes?: number;
}

export async function analyze(options: AnalyzeOptions): Promise<RunResult> {
  const loaded = loadAll({ root: options.root, ...(options.maxFileBytes ? { files: { maxFileBytes: options.maxFileBytes } } : {}) });
  const diagnostics = loaded.diagnostics;
  const model: AppModel = buildModel(loaded.templates, { params: options.params ?? {}, ...(options.region ? { region: options.region } : {}), ...(options.accountId ? { accountId: options.accountId } : {}) }, diagnostics);
  const iam = analyzeIam(model);
  const surface = analyzeSurface(model, iam);
  const analyses: Analyses = { iam, surface };
  const findings = runRules(options.rules ?? RULES, model, analyses, diagnostics, options.engine);
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
