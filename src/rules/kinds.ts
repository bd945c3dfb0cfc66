/**
 * Rule kinds. Most rules are one of a few shapes over one analysis: event data reaching a sink
 * (`taintRule`), a risk of the IAM catalogue a function's role allows (`riskRule`), a check of the
 * cost model (`costRule`), and the posture kinds (profile `hardening`): a gap in a function's or a
 * resource's declared settings (`postureRule`), of a data resource weighed by who fills or reads it
 * (`dataPostureRule`), of an API stage weighed by who calls the API (`apiPostureRule`). The analysis
 * returns domain results; the kind turns them into findings with the rule's own message, so a rule
 * of a kind is a declaration of about ten lines (CONTRIBUTING.md, "Adding a rule"). A rule of its
 * own logic is a `findingsRule`: what it reads (the model or one analysis) and a function from that
 * to its findings.
 */
import type { Category, RelatedLocation, Reach, Severity } from '../model/findings.js';
import { defineRule, type PeerCheck, type ReportInput, type Rule, type RuleMeta } from '../engine/types.js';
import { taintData, taintReports } from '../analyses/code/findings.js';
import type { CodeAnalysis } from '../analyses/code/program.js';
import type { CodeCategory } from '../analyses/code/sinks.js';
import { riskFindings } from '../analyses/iam/risk-findings.js';
import type { IamRisks } from '../analyses/iam/risk-types.js';
import type { RiskClass } from '../analyses/iam/risks.js';
import type { SurfaceAnalysis } from '../analyses/surface/types.js';
import type { AppModel, ApiStage, AppSyncPosture, DistributionPosture, FunctionNode, Maybe, ResourceNode, SourceLocation } from '../model/types.js';
import { isUnresolved } from '../model/types.js';
import { lowerSeverity, severityFor } from '../model/findings.js';
import { cmp } from '../model/order.js';
import type { Analyses, AnalysisName } from '../analyses/index.js';
import { callerWords, starterWords } from '../analyses/posture/invocation.js';
import { apiExposure, type ApiExposure } from '../analyses/posture/api.js';
import { edgeExposure, edgeSeverity } from '../analyses/posture/edge.js';
import { DataHolders, type DataMode, type DataReach } from '../analyses/posture/data.js';
import { COST_CHECKS, type CostCheck, type CostMessageId } from '../analyses/cost/findings.js';

/** What every declaration states (the `meta` of `defineRule`, less what the kind fixes). */
export interface RuleDeclaration {
  id: string;
  /** One line: what the rule requires. */
  description: string;
  category: Category;
  /** Intrinsic severity: the finding's impact when anyone on the internet can reach it (docs/severity.md). */
  severity: Severity;
  cwe?: number[];
  sources?: PeerCheck[];
}

/** A declaration's `meta`: what it states, and what its kind fixes (messages, analyses, profile). */
export function declaredMeta(d: RuleDeclaration, fixed: Pick<RuleMeta, 'messages' | 'requires' | 'profile'>): RuleMeta {
  return { description: d.description, category: d.category, severity: d.severity, ...(d.cwe ? { cwe: d.cwe } : {}), ...fixed, ...(d.sources ? { sources: d.sources } : {}) };
}

/** A finding a declaration yields: what the engine takes, with one of the declaration's message ids. */
export type Reported<M extends string> = ReportInput & { messageId: M };

/** What a rule of its own logic reads besides the one input it names. */
export interface FindingContext {
  model: AppModel;
  analyses: Analyses;
}

/** A rule of its own logic: its own messages and analyses, and the profile of a posture check. */
interface FindingsDeclaration<M extends string> extends RuleDeclaration {
  messages: Record<M, string>;
  /** Analyses the rule reads (`RuleMeta.requires`). */
  requires: AnalysisName[];
  profile?: 'hardening';
}

/**
 * A rule of its own logic: it names what it reads (`reads`: an analysis, or `'model'`) and gives a
 * function from that to its findings. The kind hands over the analysis's result, skips a rule whose
 * analysis the scan did not produce (`owners` without owner information), and reports what the
 * function yields; message ids are checked against `messages`.
 */
export function findingsRule<M extends string>(d: FindingsDeclaration<M> & { reads: 'model'; findings(model: AppModel, context: FindingContext): Iterable<Reported<NoInfer<M>>> }): Rule;
export function findingsRule<K extends AnalysisName, M extends string>(d: FindingsDeclaration<M> & { reads: K; findings(result: NonNullable<Analyses[K]>, context: FindingContext): Iterable<Reported<NoInfer<M>>> }): Rule;
export function findingsRule(d: FindingsDeclaration<string> & ({ reads: 'model'; findings(model: AppModel, context: FindingContext): Iterable<ReportInput> } | { reads: AnalysisName; findings(result: unknown, context: FindingContext): Iterable<ReportInput> })): Rule {
  return defineRule({
    id: d.id,
    meta: declaredMeta(d, { ...(d.profile ? { profile: d.profile } : {}), messages: d.messages, requires: d.requires }),
    create(context) {
      const findings = d.reads === 'model' ? d.findings(context.model, context) : readAnalysis(context.analyses, d.reads, d.findings, context);
      for (const f of findings) context.report(f);
    },
  });
}

/** The findings of one analysis's result; none when the scan did not produce it. */
function readAnalysis<K extends AnalysisName>(analyses: Analyses, name: K, findings: (result: NonNullable<Analyses[K]>, context: FindingContext) => Iterable<ReportInput>, context: FindingContext): Iterable<ReportInput> {
  const result = analyses[name];
  return result == null ? [] : findings(result, context);
}

/** Placeholders of a taint message. */
export type TaintPlaceholder = 'fn' | 'source' | 'sink' | 'exposure';

/**
 * Event data reaching a sink of one category, reported at the sink line with the flow from the
 * event field (and through other functions) as code flows; who can reach it moves the severity.
 */
export function taintRule(d: RuleDeclaration & { sink: CodeCategory; /** `{{fn}}`, `{{source}}`, `{{sink}}`, `{{exposure}}`. */ message: string }): Rule {
  return defineRule({
    id: d.id,
    meta: declaredMeta(d, { messages: { taint: d.message }, requires: ['code', 'surface'] }),
    create(context) {
      for (const r of taintReportInputs(context.model, context.analyses.code, d.sink, d.severity)) context.report(r);
    },
  });
}

/** The message of a risk finding: the catalogue's own words for the risk (title, detail, why). */
export const RISK_MESSAGE = '{{fns}} can {{title}} ({{detail}}){{qualifier}}, {{exposure}}: {{why}}';

/**
 * Risks of some classes of the IAM catalogue (analyses/iam/risks.ts) that a role allows. The
 * catalogue defines what counts; the IAM analysis decides, per function, whether the role's policies
 * actually allow it on the resources it needs (a Deny, a resource scope, a boundary or a known
 * condition suppresses it). A shared role is reported once, with who can reach its functions.
 */
export function riskRule(d: RuleDeclaration & { classes: RiskClass[]; /** `{{fns}}`, `{{title}}`, `{{detail}}`, `{{qualifier}}`, `{{exposure}}`, `{{why}}`; default RISK_MESSAGE. */ message?: string }): Rule {
  return defineRule({
    id: d.id,
    meta: declaredMeta(d, { messages: { risk: d.message ?? RISK_MESSAGE }, requires: ['iam', 'surface'] }),
    create(context) {
      for (const r of riskReportInputs(context.analyses.iamRisks, context.analyses.surface, d.classes)) context.report(r);
    },
  });
}

/** The findings of one taint category as the engine takes them (messageId `taint`). */
export function taintReportInputs(model: AppModel, code: CodeAnalysis, category: CodeCategory, base: Severity): ReportInput[] {
  return taintReports(model, code, category, base).map((r) => ({
    messageId: 'taint',
    data: taintData(r),
    subject: r.functionId,
    key: r.key,
    location: r.finding.location,
    severity: r.severity,
    functions: [...new Set([r.functionId, ...r.via.flatMap((v) => v.hops.filter((h) => code.functions[h]))])],
    related: r.related,
    flows: r.flows,
  }));
}

/** The findings of some risk classes as the engine takes them (messageId `risk`). */
export function riskReportInputs(risks: IamRisks, surface: SurfaceAnalysis | undefined, classes: readonly RiskClass[]): ReportInput[] {
  return riskFindings(risks, surface, classes).map((f) => ({
    messageId: 'risk',
    data: { fns: f.functions.join(', '), title: f.match.title, detail: f.match.detail, qualifier: f.qualifier, exposure: f.exposure, why: f.match.description },
    subject: f.functions.length === 1 ? f.functions[0]! : f.roleId,
    key: f.match.key,
    location: f.match.location,
    severity: f.severity,
    functions: f.functions,
    related: f.match.related,
  }));
}

/**
 * A check of the cost model (`analyses/cost/findings.ts`): the analysis finds the entry points,
 * APIs or functions and fills the data; the rule names the check and owns the message of each of
 * its message ids.
 */
export function costRule<C extends CostCheck>(d: RuleDeclaration & { check: C; messages: Record<CostMessageId<C>, string> }): Rule {
  const check = COST_CHECKS[d.check];
  return defineRule({
    id: d.id,
    meta: declaredMeta(d, { messages: d.messages, requires: [...check.requires] }),
    create(context) {
      const cost = context.analyses.cost;
      if (!cost) return;
      for (const f of check.find(context.model, cost)) context.report(f);
    },
  });
}


/*
 * The posture kinds (issue 22; profile `hardening`, run only under the `hardening` and `all`
 * profiles). A posture rule reads the declared settings of a function (`FunctionNode.posture`) or a
 * resource (`ResourceNode.posture`, `model/posture.ts`, `model/api-posture.ts`) and weighs a gap by
 * who reaches the subject: `postureRule` for any function or resource, `dataPostureRule` for a data
 * resource weighed by who fills (or reads) it, `apiPostureRule` for an API stage weighed by who
 * calls the API. Google and Azure functions and resources carry no posture and are never visited.
 */

/** What a posture rule reads besides the model: who reaches a subject, each computed on demand. */
export class PostureView {
  private holders: DataHolders | null = null;
  constructor(
    readonly model: AppModel,
    readonly analyses: Analyses,
  ) {}

  /** Who reaches a function, and words for messages (`callerWords`); needs `surface`. */
  caller(fnId: string): { reach: Reach; words: string } {
    return callerWords(this.model, this.analyses.surface, fnId);
  }

  /** Who starts a state machine through a route of the model. */
  starter(smId: string): { reach: Reach; words: string } {
    return starterWords(this.model, smId);
  }

  /** Who puts data into (or reads data from) a resource through the app's functions; needs `iam`, `surface` and `access`. */
  dataReach(resourceId: string, mode: DataMode): DataReach {
    this.holders ??= new DataHolders(this.model, this.analyses.surface, this.analyses.access);
    return this.holders.reachOf(resourceId, mode);
  }

  /** Who calls an API and through which route. */
  apiExposure(api: ResourceNode): ApiExposure {
    return apiExposure(this.model, api);
  }
}

/** One finding of a posture rule on a function or a resource. */
export interface PostureGap {
  messageId: string;
  /**
   * Placeholders besides `{{fn}}` (a function's id: what the user wrote, a logical id, Serverless
   * function key or Terraform address) or `{{res}}` (a resource's id), which the kind fills.
   */
  data?: Record<string, string>;
  /** Distinguishes the findings of one rule on one subject (never a line number). */
  key: string;
  severity: Severity;
  /** The narrowest location; default: the function's or resource's own. */
  location?: SourceLocation;
  /** Functions concerned; default: the function itself, or none for a resource. */
  functions?: string[];
  related?: RelatedLocation[];
}

export interface PostureDeclaration extends RuleDeclaration {
  /** Peers: required for a posture rule (docs/fidelity.md compares them). */
  sources: PeerCheck[];
  messages: Record<string, string>;
  /** Analyses read through the view (`caller` needs `surface`). */
  requires: AnalysisName[];
  /** The gap of one AWS function, or null. */
  function?(fn: FunctionNode, view: PostureView): PostureGap | null;
  /** The gaps of one AWS resource (none: null or an empty list). */
  resource?(resource: ResourceNode, view: PostureView): PostureGap | readonly PostureGap[] | null;
}

/** A hardening gap of a function or a resource, at the severity who reaches it gives. */
export function postureRule(d: PostureDeclaration): Rule {
  return defineRule({
    id: d.id,
    meta: declaredMeta(d, { profile: 'hardening', messages: d.messages, requires: d.requires }),
    create(context) {
      const view = new PostureView(context.model, context.analyses);
      if (d.function)
        for (const fn of context.model.functions) {
          if (fn.cloud !== undefined) continue;
          const g = d.function(fn, view);
          if (g) context.report({ subject: fn.id, location: fn.location, functions: [fn.id], ...g, data: { fn: fn.id, ...g.data } });
        }
      if (d.resource)
        for (const r of context.model.resources) {
          if (r.cloud !== undefined) continue;
          const gaps = d.resource(r, view);
          for (const g of gaps === null ? [] : 'messageId' in gaps ? [gaps] : gaps) context.report({ subject: r.id, location: r.location, ...g, data: { res: r.id, ...g.data } });
        }
    },
  });
}

/** The id without its area (`require-waf`): the finding key of the API and data kinds. */
function ruleKey(id: string): string {
  return id.slice(id.indexOf('/') + 1);
}

/**
 * The data family: a hardening gap of a data resource (encryption at rest, recovery, versioning,
 * rotation, logging) reported on the resource, at the severity what the app puts in it (or reads
 * from it) gives: who reaches the functions that write (or read) it, `analyses/posture/data.ts`.
 */
export interface DataGap {
  /** Which message of the declaration. */
  messageId: string;
  /** Words for the gap (`SqsManagedSseEnabled: false`), for `{{gap}}`. */
  gap: string;
  location: SourceLocation;
  /** The setting is given by a value that could not be resolved (see `whenUnresolved`). */
  unresolved?: boolean;
}

export interface DataPostureDeclaration extends RuleDeclaration {
  /** Peers: required for a posture rule (docs/fidelity.md compares them). */
  sources: PeerCheck[];
  /** Whose reach counts: the functions that write the resource, or those that read it. */
  mode: DataMode;
  /** Messages; placeholders `{{res}}` (the resource's id), `{{type}}`, `{{gap}}`, `{{who}}` (who writes or reads it). */
  messages: Record<string, string>;
  /** The gap in a resource's declared posture, or null when there is none (or the type is not this rule's). */
  gap(resource: ResourceNode): DataGap | null;
  /** The finding's severity from who fills (or reads) the resource; default `severityFor(severity, reach)`. */
  severityFor?(reach: Reach, resource: ResourceNode, data: DataReach): Severity;
  /** An unresolved gap's severity: one step below what the rule would give (default), or info. */
  whenUnresolved?: 'lower' | 'info';
}

export function dataPostureRule(d: DataPostureDeclaration): Rule {
  return postureRule({
    ...declared(d),
    requires: ['iam', 'surface', 'access'],
    resource(r, view) {
      if (!r.posture) return null;
      const g = d.gap(r);
      if (!g) return null;
      const data = view.dataReach(r.id, d.mode);
      const s = d.severityFor ? d.severityFor(data.reach, r, data) : severityFor(d.severity, data.reach);
      return {
        messageId: g.messageId,
        data: { type: r.type, gap: g.gap, who: data.words },
        key: ruleKey(d.id),
        location: g.location,
        functions: data.functions,
        severity: !g.unresolved ? s : d.whenUnresolved === 'info' ? 'info' : lowerSeverity(s),
      };
    },
  });
}

/** An on/off setting of a data resource: message `off` with `offWords` for `{{gap}}`, `unresolved` with the reason; null when on or absent. */
export function switchGap(setting: { on: Maybe<boolean>; location: SourceLocation } | undefined, offWords: string): DataGap | null {
  if (!setting) return null;
  if (isUnresolved(setting.on)) return { messageId: 'unresolved', gap: setting.on.reason, location: setting.location, unresolved: true };
  return setting.on ? null : { messageId: 'off', gap: offWords, location: setting.location };
}

/** What a declaration of a posture kind states, for the generic kind it is built on. */
function declared(d: RuleDeclaration & { sources: PeerCheck[]; messages: Record<string, string> }): Omit<PostureDeclaration, 'requires'> {
  return { id: d.id, description: d.description, category: d.category, severity: d.severity, ...(d.cwe ? { cwe: d.cwe } : {}), sources: d.sources, messages: d.messages };
}

/**
 * The API family: a gap of an API's stage (logging, tracing, web ACL, client certificate) or of an
 * AppSync API, reported on the stage at the severity who calls the API gives it
 * (`analyses/posture/api.ts`); an unresolved setting is info.
 */
export interface ApiGap {
  messageId: string;
  /** Distinguishes the gaps of one API (the stage name). */
  key: string;
  /** Placeholders of the message besides `{{api}}` and `{{who}}`. */
  data: Record<string, string>;
  location: SourceLocation;
  /** The setting is given by a value that could not be resolved. */
  unresolved?: boolean;
}

export interface ApiPostureDeclaration extends RuleDeclaration {
  /** Peers: required for a posture rule (docs/fidelity.md compares them). */
  sources: PeerCheck[];
  /** Messages; placeholders `{{api}}` (the API's id: logical id, Serverless key or Terraform address), `{{who}}` (who calls it and through which route), and the gap's own. */
  messages: Record<string, string>;
  /** The gaps of one API Gateway API (its `posture.stages`) or AppSync API (`posture.appsync`). */
  gaps(api: ResourceNode, exposure: ApiExposure): ApiGap[];
  /** The finding's severity from who calls the API. */
  severityFor(exposure: ApiExposure, gap: ApiGap): Severity;
}

/** A stage's name for messages. */
export function stageName(s: ApiStage): string {
  return isUnresolved(s.name) ? '(a stage whose name could not be resolved)' : s.name;
}

/**
 * The gaps of an API's stages in one setting: message `stage` where `off` gives the gap's data (null:
 * the setting is fine), `unresolved` (data `stage`, `why`) where the setting could not be resolved;
 * a stage without the setting (an HTTP API's tracing) is not the rule's.
 */
export function stageGaps<T>(api: ResourceNode, setting: (s: ApiStage) => Maybe<T> | undefined, off: (value: T, stage: string) => Record<string, string> | null): ApiGap[] {
  const out: ApiGap[] = [];
  for (const s of api.posture?.stages ?? []) {
    const v = setting(s);
    if (v === undefined) continue;
    const stage = stageName(s);
    if (isUnresolved(v)) {
      out.push({ messageId: 'unresolved', key: stage, data: { stage, why: v.reason }, location: s.location, unresolved: true });
      continue;
    }
    const data = off(v, stage);
    if (data) out.push({ messageId: 'stage', key: stage, data: { stage, ...data }, location: s.location });
  }
  return out;
}

/** The gap of an AppSync API in one setting: message `appsync` where `off` gives the gap's data, `unresolvedId` (with `unresolved` data and `why`) where it could not be resolved. */
export function appsyncGaps<T>(a: AppSyncPosture | undefined, value: Maybe<T>, off: (value: T) => Record<string, string> | null, unresolved: { messageId: string; data: Record<string, string> }): ApiGap[] {
  if (!a) return [];
  if (isUnresolved(value)) return [{ messageId: unresolved.messageId, key: 'appsync', data: { ...unresolved.data, why: value.reason }, location: a.location, unresolved: true }];
  const data = off(value as T);
  return data ? [{ messageId: 'appsync', key: 'appsync', data, location: a.location }] : [];
}

export function apiPostureRule(d: ApiPostureDeclaration): Rule {
  return postureRule({
    ...declared(d),
    requires: ['surface'],
    resource(api, view) {
      if (!api.posture?.stages && !api.posture?.appsync) return null;
      const exposure = view.apiExposure(api);
      const functions = [...new Set(view.model.entryPoints.filter((ep) => ep.source === api.id).flatMap((ep) => ep.targets))].sort(cmp);
      return d.gaps(api, exposure).map((g) => ({
        messageId: g.messageId,
        data: { ...g.data, api: api.id, who: exposure.words },
        key: `${ruleKey(d.id)}:${g.key}`,
        location: g.location,
        functions,
        severity: g.unresolved ? 'info' : d.severityFor(exposure, g),
      }));
    },
  });
}

/**
 * The edge family: an on/off setting of a CloudFront distribution (web ACL, access logs), reported
 * on the distribution at the severity what stands behind it gives (`analyses/posture/edge.ts`): `open`
 * in front of a route or function URL anyone calls without signing in, `outside` for other callers
 * from outside the account and origins the scan cannot judge, info for static files; an unresolved
 * setting is info.
 */
export interface EdgeSwitchDeclaration extends RuleDeclaration {
  /** Peers: required for a posture rule (docs/fidelity.md compares them). */
  sources: PeerCheck[];
  /** `off` and `unresolved`; placeholders `{{res}}` (the distribution's id), `{{who}}` (what stands behind it), `{{why}}` (unresolved). */
  messages: { off: string; unresolved: string };
  /** The setting of a distribution's declared posture. */
  setting(d: DistributionPosture): { on: Maybe<boolean>; location: SourceLocation };
  severities: { open: Severity; outside: Severity };
}

export function edgeSwitchRule(d: EdgeSwitchDeclaration): Rule {
  return postureRule({
    ...declared(d),
    requires: ['surface'],
    resource(r, view) {
      const dist = r.posture?.distribution;
      if (!dist) return null;
      const s = d.setting(dist);
      if (s.on === true) return null;
      const e = edgeExposure(view.model, r);
      const unknown = isUnresolved(s.on);
      return {
        messageId: unknown ? 'unresolved' : 'off',
        data: { who: e.words, ...(isUnresolved(s.on) ? { why: s.on.reason } : {}) },
        key: ruleKey(d.id),
        location: s.location,
        functions: e.functions,
        severity: unknown ? 'info' : edgeSeverity(e, d.severities.open, d.severities.outside),
      };
    },
  });
}
