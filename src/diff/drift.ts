/**
 * `drift [dir] --live`: the declared application (the repository) against what is deployed (the
 * account), through the same comparison as `diff`. The base is the declaration, the head the
 * account: what is "added" exists only in the account (console edits, other deployments), what is
 * "removed" or "fixed" exists only in the code (not deployed, or changed by hand since).
 *
 * Each declared template is matched to a deployed CloudFormation stack: by name (`--stack`), else
 * by the stack whose resources (logical id and type) best cover the template's. The matched
 * template is then resolved with the stack's physical ids, so both sides name every resource, ARN
 * and policy resource identically and only real differences remain.
 */
import type { Diagnostic, JsonObject, LoadedTemplate } from '../model/types.js';
import { analyze, type AnalyzeOptions } from '../api.js';
import { toJsonReport } from '../reporters/json.js';
import { loadAll } from '../loaders/index.js';
import { finishLive, readLive, type LiveOptions, type LiveRead } from '../loaders/live/index.js';
import type { StackInfo } from '../loaders/live/read.js';
import { buildModel } from '../model/build.js';
import { loadConfig } from '../config/load.js';
import { RULES } from '../rules/registry.generated.js';
import { VERSION } from '../version.js';
import { compareReports } from './compare.js';
import { readReport, type ReadReport } from './report.js';
import type { DiffResult } from './types.js';
import { DiffInputError } from './git.js';

export interface DriftOptions {
  /** The repository folder (declared side). */
  root: string;
  live: LiveOptions;
  /** Stack names to compare with; default: matched automatically. */
  stacks?: string[];
  /** Analysis options for both sides (params, stage, cost...). */
  analyze?: Omit<AnalyzeOptions, 'root' | 'config' | 'baseline' | 'loaded' | 'region' | 'accountId'>;
  configFile?: string;
}

/** How much of a declared template a stack holds: the share of its resources (logical id + type) found there. */
export function coverage(template: LoadedTemplate, stack: StackInfo): number {
  const declared = Object.entries((template.body['Resources'] ?? {}) as JsonObject).map(([id, r]) => `${id}|${String((r as JsonObject | null)?.['Type'] ?? '')}`);
  if (declared.length === 0) return 0;
  const deployed = new Set(stack.resources.map((r) => `${r.logicalId}|${r.type}`));
  return declared.filter((k) => deployed.has(k)).length / declared.length;
}

export interface StackMatch {
  template: LoadedTemplate;
  region: string;
  stack: StackInfo;
  coverage: number;
}

/** Pairs declared templates with deployed stacks. Each stack is used once; ties are reported. */
export function matchStacks(templates: readonly LoadedTemplate[], stacks: readonly { region: string; stack: StackInfo }[], names: readonly string[], diagnostics: Diagnostic[]): StackMatch[] {
  const out: StackMatch[] = [];
  const used = new Set<string>();
  const key = (s: { region: string; stack: StackInfo }) => `${s.region}/${s.stack.name}`;
  if (names.length) {
    for (const name of names) {
      const candidates = stacks.filter((s) => s.stack.name === name);
      if (!candidates.length) throw new DiffInputError(`no deployed stack named "${name}" in the regions read`);
      const c = candidates[0]!;
      const scored = templates.map((t) => ({ t, cov: coverage(t, c.stack) })).sort((a, b) => b.cov - a.cov);
      const best = scored[0];
      if (!best || best.cov === 0) throw new DiffInputError(`stack "${name}" shares no resource with the templates of the repository`);
      out.push({ template: best.t, region: c.region, stack: c.stack, coverage: best.cov });
      used.add(key(c));
    }
    return out;
  }
  for (const t of templates) {
    const scored = stacks.filter((s) => !used.has(key(s))).map((s) => ({ s, cov: coverage(t, s.stack) })).sort((a, b) => b.cov - a.cov || (a.s.stack.name < b.s.stack.name ? -1 : 1));
    const best = scored[0];
    if (!best || best.cov < 0.5) {
      diagnostics.push({ level: 'warning', code: 'drift-not-deployed', message: `${t.file}: no deployed stack holds most of its resources${best ? ` (closest: ${best.s.stack.name}, ${Math.round(best.cov * 100)}%)` : ''}; it is compared as not deployed (pass --stack NAME to choose)` });
      continue;
    }
    if (scored[1] && scored[1].cov === best.cov) diagnostics.push({ level: 'warning', code: 'drift-ambiguous-stack', message: `${t.file}: stacks ${best.s.stack.name} and ${scored[1].s.stack.name} match it equally; compared with ${best.s.stack.name} (pass --stack NAME to choose)` });
    used.add(key(best.s));
    out.push({ template: t, region: best.s.region, stack: best.s.stack, coverage: best.cov });
  }
  return out;
}

/** Rules whose findings depend on handler code: not compared when the account's code was not read. */
const CODE_RULES = new Set(RULES.filter((r) => (r.meta.requires as readonly string[] | undefined)?.includes('code')).map((r) => r.id));

export async function runDrift(options: DriftOptions): Promise<DiffResult> {
  const diagnostics: Diagnostic[] = [];
  const cfg = loadConfig({ root: options.root, ruleIds: RULES.map((r) => r.id), ...(options.configFile !== undefined ? { file: options.configFile } : {}) });
  const errors = cfg.diagnostics.filter((d) => d.level === 'error');
  if (errors.length) throw new DiffInputError(`invalid configuration:\n  ${errors.map((d) => d.message).join('\n  ')}`);
  const config = cfg.config.file ? cfg.config : undefined;

  const declared = await loadAll({ root: options.root, params: options.analyze?.params ?? {}, ...(options.analyze?.stage ? { stage: options.analyze.stage } : {}) });
  if (declared.templates.length === 0) throw new DiffInputError(`${options.root}: no template found to compare with the account`);
  const read: LiveRead = await readLive(options.live);
  const matches = matchStacks(declared.templates, read.stacks, options.stacks ?? [], diagnostics);
  if (matches.length === 0) diagnostics.push({ level: 'warning', code: 'drift-no-stack', message: 'no deployed stack matches the repository: everything declared is reported as not deployed' });

  // Handler code of a deployed function goes where the repository keeps that function's code.
  const declaredModel = buildModel(declared.templates, { params: options.analyze?.params ?? {} }, []);
  const codeDirs = new Map<string, string>();
  for (const m of matches) {
    for (const fn of declaredModel.functions) {
      if (fn.stack === m.template.file && typeof fn.handler.codeUri === 'string') codeDirs.set(`${m.stack.name}#${fn.logicalId}`, fn.handler.codeUri);
    }
  }
  const live = await finishLive(read, { ...options.live, codeDir: (fn) => (fn.stack ? (codeDirs.get(`${fn.stack}#${fn.logicalId}`) ?? null) : null) });
  try {
    const liveFiles = new Set(matches.map((m) => `live/${m.region}/${m.stack.name}.json`));
    const byStack = new Map(live.templates.map((t) => [t.file, t]));
    const deployedTemplates: LoadedTemplate[] = [];
    const declaredTemplates: LoadedTemplate[] = declared.templates.map((t) => {
      const m = matches.find((x) => x.template === t);
      const lt = m ? byStack.get(`live/${m.region}/${m.stack.name}.json`) : undefined;
      return lt?.deployed ? { ...t, deployed: lt.deployed } : t;
    });
    for (const t of live.templates) if (liveFiles.has(t.file)) deployedTemplates.push(t);
    // Resources no stack manages that point at a matched stack's functions (a console-made trigger).
    const fnIds = new Set(deployedTemplates.flatMap((t) => Object.values(t.deployed?.resources ?? {}).flatMap((r) => (r.arn && r.arn.includes(':function:') ? [r.arn, r.name] : []))));
    for (const t of live.templates) {
      if (liveFiles.has(t.file) || !t.file.endsWith('/not-in-a-stack.json')) continue;
      const resources = (t.body['Resources'] ?? {}) as JsonObject;
      const keep = Object.keys(resources).filter((id) => {
        const text = JSON.stringify(resources[id]);
        return resources[id] && (resources[id] as JsonObject)['Type'] !== 'AWS::Lambda::Function' && [...fnIds].some((f) => text.includes(`"${f}"`));
      });
      if (keep.length) deployedTemplates.push({ ...t, body: { ...t.body, Resources: Object.fromEntries(keep.map((id) => [id, resources[id]!])) } });
    }
    const region = matches[0]?.region ?? options.live.regions[0];
    const common = { ...(options.analyze ?? {}), ...(region ? { region } : {}), accountId: live.accountId, ...(config ? { config } : {}) };
    const base = await analyze({ ...common, root: options.root, loaded: { templates: declaredTemplates, diagnostics: declared.diagnostics } });
    const head = await analyze({ ...common, root: live.codeRoot, loaded: { templates: deployedTemplates, diagnostics: live.diagnostics } });
    const baseReport = readReport(toJsonReport(base));
    const headReport = readReport(toJsonReport(head));
    if (!options.live.withCode) {
      const dropped = dropCodeFindings(baseReport) + dropCodeFindings(headReport);
      if (dropped) diagnostics.push({ level: 'info', code: 'drift-code-not-compared', message: 'the deployed code was not read (pass --with-code): findings that depend on handler code are not compared' });
    }
    for (const m of matches) diagnostics.push({ level: 'info', code: 'drift-stack', message: `${m.template.file} is compared with stack ${m.stack.name} (${m.region}, ${Math.round(m.coverage * 100)}% of its resources)` });
    const denied = head.diagnostics.filter((d) => d.code === 'live-access-denied' || d.code === 'live-call-failed' || d.code === 'live-partial');
    return compareReports(baseReport, headReport, {
      base: { kind: 'worktree', ref: options.root },
      head: { kind: 'live', ref: `${live.accountId} ${[...new Set(matches.map((m) => m.region))].join(', ') || (options.live.regions.join(', ') || 'default region')}` },
      toolVersion: VERSION,
      diagnostics: [...diagnostics, ...denied],
      costTolerance: 0.01,
    });
  } finally {
    live.cleanup();
  }
}

function dropCodeFindings(report: ReadReport): number {
  const before = report.findings.length;
  report.findings = report.findings.filter((f) => !CODE_RULES.has(f.ruleId));
  return before - report.findings.length;
}
