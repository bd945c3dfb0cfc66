/**
 * Every analysis of a run, typed, and the one place that orders them. Each is computed once and
 * shared by the rules (through `RuleContext.analyses`) and the reporters (through
 * `RunResult.analyses`). Pure: the loaders read handler code, manifests and advisories first and
 * hand them in.
 */
import type { AppModel, LoadedTemplate, SourceLocation } from '../model/types.js';
import { dict } from '../model/types.js';
import { severityRank } from '../model/findings.js';
import { analyzeIam, analyzeIamRisks, riskClassesByFunction, type IamAnalysis, type IamRisks } from './iam/index.js';
import { analyzePrincipalRisks, type PrincipalRisks } from './iam/principals.js';
import { analyzeLeastPrivilege, type LeastPrivilegeAnalysis } from './iam/least-privilege.js';
import { findConfigSecrets, type ConfigSecret } from './code/config-secrets.js';
import { analyzeCode, type CodeAnalysis, type LoadedHandler } from './code/program.js';
import { analyzeDependencies, type DependencyAnalysis } from './code/dependencies.js';
import type { AdvisorySnapshot, FunctionDependencies } from '../model/dependencies.js';
import { analyzeSurface } from './surface/reach.js';
import type { SurfaceAnalysis } from './surface/types.js';
import { dataAccess, type AccessEdge } from './surface/access.js';
import { analyzeCost, type CostAnalysis, type CostAssumptionsInput } from './cost/index.js';
import { analyzeOwners, type OwnersAnalysis, type OwnersInput } from './owners/index.js';

export interface Analyses {
  iam: IamAnalysis;
  iamRisks: IamRisks;
  iamPrincipals: PrincipalRisks[];
  configSecrets: ConfigSecret[];
  surface: SurfaceAnalysis;
  access: AccessEdge[];
  cost: CostAnalysis;
  code: CodeAnalysis;
  /** Function id → the handler file and export that was analysed (null when none was). */
  handlers: Record<string, CodeAnalysis['functions'][string]['handler']>;
  leastPrivilege: LeastPrivilegeAnalysis;
  dependencies: DependencyAnalysis;
  /** Owners and trust boundaries; absent when the scan has no owner information (docs/owners.md). */
  owners?: OwnersAnalysis;
}

export type AnalysisName = keyof Analyses;

/** What the loaders read for the analyses, beside the model. */
export interface AnalysisInputs {
  /** The templates the model was built from (configuration secrets are read from their text values). */
  templates: readonly LoadedTemplate[];
  handlers: readonly LoadedHandler[];
  dependencies: readonly FunctionDependencies[];
  advisories: AdvisorySnapshot | null;
  /** CODEOWNERS and the config's `owners:` rules, as read. */
  owners?: Pick<OwnersInput, 'codeowners' | 'config'>;
  cost?: CostAssumptionsInput;
  /** Where an environment variable of a function is written. */
  environmentLocation?: (functionId: string, name: string) => SourceLocation | null;
  /** Called with the name of each analysis as it starts (the CLI's progress line). */
  progress?: (message: string) => void;
}

/** Runs every analysis in dependency order. */
export function runAnalyses(model: AppModel, inputs: AnalysisInputs): Analyses {
  const progress = inputs.progress ?? (() => {});
  const iam = analyzeIam(model);
  progress(`IAM: the permissions and risks of ${iam.roles.length} roles`);
  const iamRisks = analyzeIamRisks(model, iam);
  progress(`code: ${inputs.handlers.length} handlers`);
  const code = analyzeCode(model, inputs.handlers, inputs.environmentLocation ? { environmentLocation: inputs.environmentLocation } : {});
  const handlers = Object.fromEntries(Object.values(code.functions).map((fc) => [fc.functionId, fc.handler]));
  progress('attack surface');
  const surface = analyzeSurface(model, iam, { codeCalls: code.codeCalls, risks: riskClassesByFunction(iamRisks), worstRisk: worstRisks(iamRisks), codeRead: codeReadActions(code) });
  progress('least privilege');
  const leastPrivilege = analyzeLeastPrivilege(model, iam, code);
  progress('cost');
  const cost = analyzeCost(model, surface, inputs.cost ?? {});
  const dependencies = analyzeDependencies(inputs.dependencies, inputs.advisories);
  progress(`IAM: roles no function runs with`);
  const iamPrincipals = analyzePrincipalRisks(model);
  progress('configuration secrets');
  const configSecrets = findConfigSecrets(inputs.templates);
  // Data access is read only by the HTML map: computed on first read (an enumerable accessor, so
  // the object still looks plain to reporters and deep equality).
  let access: AccessEdge[] | undefined;
  const analyses: Analyses = {
    iam,
    iamRisks,
    iamPrincipals,
    configSecrets,
    surface,
    get access() {
      return (access ??= dataAccess(model, iam, code.codeCalls));
    },
    set access(v: AccessEdge[]) {
      access = v;
    },
    cost,
    code,
    handlers,
    leastPrivilege,
    dependencies,
  };
  // Owners and trust boundaries, only when the scan has owner information (docs/owners.md); data
  // access is computed then (it is lazy otherwise): the whole analysis when something already read it,
  // else the edges of the functions asked for.
  if (inputs.owners?.codeowners || inputs.owners?.config) progress('owners and trust boundaries');
  const owners = analyzeOwners(model, { codeowners: inputs.owners?.codeowners ?? null, config: inputs.owners?.config ?? null, handlers, access: (functions) => access ?? dataAccess(model, iam, code.codeCalls, functions), iam, code });
  if (owners) analyses.owners = owners;
  return analyses;
}

/** Each function's most severe IAM risk (the first of equal severity). */
function worstRisks(iamRisks: IamRisks): Record<string, { rank: number; title: string }> {
  const worst: Record<string, { rank: number; title: string }> = dict();
  for (const [fnId, matches] of Object.entries(iamRisks.byFunction)) {
    for (const m of matches) {
      const rank = severityRank(m.severity);
      if (!worst[fnId] || rank > worst[fnId]!.rank) worst[fnId] = { rank, title: m.title };
    }
  }
  return worst;
}

/** Functions whose code was read completely, with the actions they call on a target they cannot name. */
function codeReadActions(code: CodeAnalysis): Record<string, string[]> {
  const out: Record<string, string[]> = dict();
  for (const fc of Object.values(code.functions)) {
    if (fc.skipped !== null || !fc.resolved || fc.incomplete) continue;
    out[fc.functionId] = [...new Set(fc.calls.filter((c) => c.reachable && (c.targets.length === 0 || c.targets.some((t) => !t.node))).flatMap((c) => c.actions))];
  }
  return out;
}
