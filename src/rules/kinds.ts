/**
 * Rule kinds. Most rules are one of a few shapes over one analysis: event data reaching a sink
 * (`taintRule`), a risk of the IAM catalogue a function's role allows (`riskRule`), a check of the
 * cost model (`costRule`), a hardening gap of a data resource weighed by who fills or reads it
 * (`dataPostureRule`). The analysis returns domain results; the kind turns them into findings with
 * the rule's own message, so a rule of a kind is a declaration of about ten lines (CONTRIBUTING.md,
 * "Adding a rule").
 */
import type { Category, Reach, Severity } from '../model/findings.js';
import { defineRule, type PeerCheck, type ReportInput, type Rule } from '../engine/types.js';
import { taintData, taintReports } from '../analyses/code/findings.js';
import type { CodeAnalysis } from '../analyses/code/program.js';
import type { CodeCategory } from '../analyses/code/sinks.js';
import { riskFindings } from '../analyses/iam/risk-findings.js';
import type { IamRisks } from '../analyses/iam/risk-types.js';
import type { RiskClass } from '../analyses/iam/risks.js';
import type { SurfaceAnalysis } from '../analyses/surface/types.js';
import type { AppModel, ResourceNode, SourceLocation } from '../model/types.js';
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

/** Placeholders of a taint message. */
export type TaintPlaceholder = 'fn' | 'source' | 'sink' | 'exposure';

/**
 * Event data reaching a sink of one category, reported at the sink line with the flow from the
 * event field (and through other functions) as code flows; who can reach it moves the severity.
 */
export function taintRule(d: RuleDeclaration & { sink: CodeCategory; /** `{{fn}}`, `{{source}}`, `{{sink}}`, `{{exposure}}`. */ message: string }): Rule {
  return defineRule({
    id: d.id,
    meta: { description: d.description, category: d.category, severity: d.severity, ...(d.cwe ? { cwe: d.cwe } : {}), messages: { taint: d.message }, requires: ['code', 'surface'], ...(d.sources ? { sources: d.sources } : {}) },
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
    meta: { description: d.description, category: d.category, severity: d.severity, ...(d.cwe ? { cwe: d.cwe } : {}), messages: { risk: d.message ?? RISK_MESSAGE }, requires: ['iam', 'surface'], ...(d.sources ? { sources: d.sources } : {}) },
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
    meta: { description: d.description, category: d.category, severity: d.severity, ...(d.cwe ? { cwe: d.cwe } : {}), messages: d.messages, requires: [...check.requires], ...(d.sources ? { sources: d.sources } : {}) },
    create(context) {
      const cost = context.analyses.cost;
      if (!cost) return;
      for (const f of check.find(context.model, cost)) context.report(f);
    },
  });
}

/*
 * The data-family posture rules (issue 22): a hardening gap of a data resource (encryption at
 * rest, recovery, versioning, rotation) reported on the resource, at the severity what the app puts
 * in it (or reads from it) gives: who reaches the functions that write (or read) it,
 * `analyses/posture/data.ts`. A rule of this kind is a declaration: the gap it looks for in the
 * resource's declared posture (`model/posture.ts`), and the severity a caller gives it.
 */

export interface DataGap {
  /** Which message of the declaration. */
  messageId: string;
  /** Words for the gap (`SqsManagedSseEnabled: false`), for `{{gap}}`. */
  gap: string;
  location: SourceLocation;
}

export interface DataPostureDeclaration extends RuleDeclaration {
  /** Peers: required for a posture rule (docs/fidelity.md compares them). */
  sources: PeerCheck[];
  /** Whose reach counts: the functions that write the resource, or those that read it. */
  mode: DataMode;
  /** Messages; placeholders `{{res}}` (logical id), `{{type}}`, `{{gap}}`, `{{who}}` (who writes or reads it). */
  messages: Record<string, string>;
  /** The gap in a resource's declared posture, or null when there is none (or the type is not this rule's). */
  gap(resource: ResourceNode): DataGap | null;
  /** The finding's severity from who fills (or reads) the resource. */
  severityFor(reach: Reach, resource: ResourceNode, data: DataReach): Severity;
}

export function dataPostureRule(d: DataPostureDeclaration): Rule {
  return defineRule({
    id: d.id,
    meta: { description: d.description, category: d.category, severity: d.severity, ...(d.cwe ? { cwe: d.cwe } : {}), profile: 'hardening', messages: d.messages, requires: ['iam', 'surface', 'access'], sources: d.sources },
    create(context) {
      let holders: DataHolders | null = null;
      for (const r of context.model.resources) {
        if (!r.posture || r.cloud !== undefined) continue;
        const g = d.gap(r);
        if (!g) continue;
        holders ??= new DataHolders(context.model, context.analyses.surface, context.analyses.access);
        const data = holders.reachOf(r.id, d.mode);
        context.report({
          messageId: g.messageId,
          data: { res: r.id, type: r.type, gap: g.gap, who: data.words },
          subject: r.id,
          key: d.id.slice(d.id.indexOf('/') + 1),
          location: g.location,
          functions: data.functions,
          severity: d.severityFor(data.reach, r, data),
        });
      }
    },
  });
}
