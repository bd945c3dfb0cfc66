/**
 * The rule contract: what a rule declares and what the engine gives it. The report vocabulary
 * (severity, category, finding) is `model/findings.ts`; the run result is `engine/result.ts`.
 */
import type { AppModel, SourceLocation } from '../model/types.js';
import type { Category, FlowStep, RelatedLocation, Severity } from '../model/findings.js';
import type { Analyses, AnalysisName } from '../analyses/index.js';

export interface PeerCheck {
  tool: string;
  id: string;
}

/** A rule's peer checks written `tool:id` (`peers('checkov:CKV_AWS_21', 'cdk-nag:AwsSolutions-S1')`): the tool is what comes before the first colon. */
export function peers(...refs: string[]): PeerCheck[] {
  return refs.map((ref) => {
    const at = ref.indexOf(':');
    if (at <= 0 || at === ref.length - 1) throw new Error(`peer check "${ref}" is not tool:id`);
    return { tool: ref.slice(0, at), id: ref.slice(at + 1) };
  });
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
  /**
   * `hardening`: a posture check (configuration hardening, docs/config.md "Profiles"); it runs only
   * under the `hardening` and `all` profiles. Absent: a security rule, run under every profile.
   */
  profile?: 'hardening';
}

/** Which rules run: `security` (default) what an attacker or a bill can exploit; `hardening` adds the posture checks; `all` also keeps posture findings that claim no harm here (info). */
export type Profile = 'security' | 'hardening' | 'all';
export const PROFILES: readonly Profile[] = ['security', 'hardening', 'all'];

export interface ReportInput {
  /** Which message template of meta.messages. */
  messageId: string;
  /** Placeholder values; a placeholder without one (absent or undefined) stays `{{name}}` in the message. */
  data?: Record<string, string | number | undefined>;
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

export interface Rule {
  id: string;
  meta: RuleMeta;
  create(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

