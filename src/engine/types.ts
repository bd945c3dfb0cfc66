/**
 * The rule contract and the run result. Rules, the engine and reporters speak these types.
 */
import type { AppModel, Diagnostic, InputFile, SourceLocation } from '../model/types.js';

import type { Severity } from '../model/findings.js';
export { SEVERITIES, severityRank, type Severity } from '../model/findings.js';

/** Categories from DESIGN.md; more may be added, none renamed. */
export type Category =
  // surface
  | 'public-unauthenticated-entry'
  | 'public-trigger'
  | 'public-resource-policy'
  | 'weak-authentication'
  | 'permissive-cors'
  | 'cross-account-access'
  | 'cascade'
  | 'blast-radius'
  // iam
  | 'over-privileged-function'
  | 'privilege-escalation'
  | 'code-tampering'
  | 'code-exposure'
  | 'credentials-exposure'
  | 'data-exfiltration'
  | 'unused-permission'
  | 'missing-permission'
  | 'shared-role'
  | 'least-privilege-suggestion'
  // cost
  | 'denial-of-wallet'
  | 'missing-throttling'
  | 'recursive-invocation'
  | 'concurrency-starvation'
  | 'timeout-mismatch'
  // code
  | 'sql-injection'
  | 'nosql-injection'
  | 'command-injection'
  | 'code-injection'
  | 'ssrf'
  | 'path-traversal'
  | 'insecure-deserialization'
  | 'xss'
  | 'regex-dos'
  | 'secrets-in-config'
  | 'hardcoded-secret'
  | 'verbose-error'
  | 'vulnerable-dependency'
  // config
  | 'deprecated-runtime'
  | 'missing-observability'
  | 'misconfiguration';

export interface PeerCheck {
  tool: string;
  id: string;
}

export interface RuleMeta {
  description: string;
  category: Category;
  /** Intrinsic impact; a rule may raise or lower it per finding with reachability. */
  severity: Severity;
  cwe?: number[];
  /** Message templates with {{placeholders}}. */
  messages: Record<string, string>;
  /** Analyses the rule reads. */
  requires: AnalysisName[];
  /** Equivalent checks in peer tools. */
  sources?: PeerCheck[];
}

export type AnalysisName = 'iam' | 'surface' | 'code' | 'cost';

/** A step on a path from an entry point to a sink (SARIF codeFlows). */
export interface FlowStep {
  location: SourceLocation;
  message: string;
}

export interface RelatedLocation {
  location: SourceLocation;
  message: string;
}

export interface ReportInput {
  /** Which message template of meta.messages. */
  messageId: string;
  data?: Record<string, string | number>;
  /** Subject of the finding: a function, resource or entry point id. */
  subject: string;
  /** Distinguishes several findings of one rule on one subject (`Action::s3:*`). Never a line number. */
  key?: string;
  location: SourceLocation;
  /** Overrides meta.severity for this finding (exposure raises, private paths lower). */
  severity?: Severity;
  functions?: string[];
  related?: RelatedLocation[];
  flows?: FlowStep[][];
}

/** What the engine passes a rule. Analyses are computed once and shared. */
export interface RuleContext {
  model: AppModel;
  analyses: Analyses;
  report(finding: ReportInput): void;
}

/** Analyses computed once per run; each is optional until its issue lands. */
export interface Analyses {
  [name: string]: unknown;
}

export interface Rule {
  id: string;
  meta: RuleMeta;
  create(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export interface Suppression {
  reason: string;
  source: 'inline' | 'metadata' | 'config' | 'baseline';
  location?: SourceLocation;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  resource: string;
  functions: string[];
  location: SourceLocation;
  fingerprint: string;
  key?: string;
  /** CDK construct path of the subject, when the input was `cdk synth` output. */
  constructPath?: string;
  related?: RelatedLocation[];
  flows?: FlowStep[][];
  suppression?: Suppression;
}

export interface RunResult {
  schemaVersion: 1;
  tool: { name: 'nightlight'; version: string };
  /** The scanned directory, as given (not part of the JSON report). */
  root: string;
  model: AppModel;
  findings: Finding[];
  /** Analysis outputs reporters may show (surface table, cost ceilings). */
  analyses: Analyses;
  diagnostics: Diagnostic[];
  inputs: InputFile[];
}
