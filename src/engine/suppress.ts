/**
 * Suppressions: inline comments (found by loaders/comments.ts), `Metadata` on resources (carried by
 * the model, including cfn_nag's, cdk-nag's and Checkov's `checkov: skip`), and `suppress:` entries of the config file.
 *
 * - Every suppression needs a reason. One without is an error diagnostic naming the file and line,
 *   and suppresses nothing.
 * - A suppressed finding stays in the result with `suppression` set (its justification, source and
 *   location); reporters show it, the exit code ignores it.
 * - nightlight's own suppressions that match no finding are reported (warning), so they do not
 *   outlive the problem they excused. cfn_nag / cdk-nag entries are not: they also serve those tools.
 *
 * Pure: no I/O.
 */
import { RE2JS } from 're2js';
import { wildcardMatch } from '../model/wildcard.js';
import type { AppModel, DeclaredSuppression, Diagnostic, SourceLocation } from '../model/types.js';
import type { CheckovSkipComment, IgnoreComment } from '../model/suppressions.js';
import type { ConfigSuppression } from '../model/suppressions.js';
import type { Finding, Suppression } from '../model/findings.js';
import type { Rule } from './types.js';

/**
 * Peer rule ids → nightlight rule ids, for checks whose rule metadata does not list the peer id
 * itself. Rules' `meta.sources` ({ tool: 'cfn_nag' | 'cdk-nag' | 'checkov', id }) are consulted as well.
 */
export const PEER_RULE_MAP: Readonly<Record<string, readonly string[]>> = {
  'cfn_nag:W59': ['surface/no-unauthenticated-api-route'],
  'cfn_nag:W45': ['surface/no-unauthenticated-api-route'],
  'cfn_nag:F13': ['surface/no-public-lambda-permission'],
  'cfn_nag:W24': ['surface/no-public-lambda-permission'],
  'cfn_nag:F16': ['surface/no-public-trigger'],
  'cfn_nag:F18': ['surface/no-public-trigger'],
  'cfn_nag:F21': ['surface/no-public-trigger'],
  'cfn_nag:W64': ['cost/require-api-throttling'],
  'cfn_nag:W68': ['cost/require-api-throttling'],
  'cfn_nag:W92': ['cost/no-concurrency-starvation', 'cost/no-denial-of-wallet'],
  'cdk_nag:APIG4': ['surface/no-unauthenticated-api-route'],
  'cdk_nag:COG4': ['surface/no-unauthenticated-api-route'],
  'cdk_nag:APIGWDefaultThrottling': ['cost/require-api-throttling'],
  'cdk_nag:LambdaFunctionUrlAuth': ['surface/require-function-url-auth'],
  'cdk_nag:LambdaFunctionPublicAccessProhibited': ['surface/no-public-lambda-permission'],
  'cdk_nag:LambdaConcurrency': ['cost/no-concurrency-starvation'],
};

/** cdk-nag ids carry their rule pack as a prefix: `AwsSolutions-IAM5`, `Serverless-LambdaDLQ`. */
function bareCdkNagId(id: string): string {
  const m = /^(AwsSolutions|Serverless|HIPAA\.Security|NIST\.800\.53\.R[45]|PCI\.DSS\.321)-(.+)$/.exec(id);
  return m ? m[2]! : id;
}

/** The nightlight rule ids a cfn_nag or cdk-nag id stands for (empty when none). */
export function peerRuleIds(tool: 'cfn_nag' | 'cdk_nag' | 'checkov', id: string, rules: readonly Rule[]): string[] {
  const bare = tool === 'cdk_nag' ? bareCdkNagId(id) : id;
  const out = new Set<string>(PEER_RULE_MAP[`${tool}:${bare}`] ?? []);
  const toolNames = tool === 'cfn_nag' ? ['cfn_nag', 'cfn-nag'] : tool === 'checkov' ? ['checkov'] : ['cdk-nag', 'cdk_nag'];
  for (const r of rules) {
    for (const s of r.meta.sources ?? []) {
      if (!toolNames.includes(s.tool)) continue;
      const ids = s.id.split('/').map((x) => (tool === 'cdk_nag' ? bareCdkNagId(x.trim()) : x.trim()));
      if (ids.includes(bare)) out.add(r.id);
    }
  }
  return [...out].sort();
}

/** `rule-id[key]` → { rule, key }. */
function splitSpec(spec: string): { rule: string; key?: string } {
  const m = /^([^[\]\s]+)\[(.*)\]$/.exec(spec.trim());
  return m ? { rule: m[1]!, key: m[2]! } : { rule: spec.trim() };
}

function ruleMatches(pattern: string, ruleId: string): boolean {
  if (!pattern.includes('*')) return pattern === ruleId;
  return wildcardMatch(pattern.replace(/\?/g, '\u0000?'), ruleId, { escapes: true });
}

function keyMatches(keys: readonly string[] | undefined, finding: Finding): boolean {
  if (!keys || keys.length === 0) return true;
  return keys.some((k) => {
    if (k.startsWith('regex:')) {
      try {
        // RE2 semantics (linear time): the pattern comes from the repository's config or comments.
        return finding.key !== undefined && RE2JS.compile(k.slice(6)).matcher(finding.key).find();
      } catch {
        return false;
      }
    }
    return finding.key === k;
  });
}

function nameMatches(glob: string, name: string): boolean {
  if (glob === '*' || glob === name) return true;
  if (!glob.includes('*') && !glob.includes('?')) return false;
  return wildcardMatch(glob, name);
}

/** The ids a finding is "about": its subject, an entry point's source and targets, a single function. */
function subjectsOf(finding: Finding, entryPoints: Map<string, { source: string | null; targets: string[] }>): Set<string> {
  const out = new Set<string>([finding.resource]);
  const ep = entryPoints.get(finding.resource);
  if (ep) {
    if (ep.source) out.add(ep.source);
    for (const t of ep.targets) out.add(t);
  }
  if (finding.functions.length === 1) out.add(finding.functions[0]!);
  return out;
}

function where(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}` : 'nightlight config';
}

export interface SuppressionInputs {
  comments?: readonly IgnoreComment[];
  /** Checkov's `# checkov:skip=<id>:<why>` comments in YAML templates. */
  checkovComments?: readonly CheckovSkipComment[];
  model?: Pick<AppModel, 'suppressions' | 'entryPoints'> & Partial<Pick<AppModel, 'functions' | 'resources'>>;
  config?: readonly ConfigSuppression[];
  /** Rules of the run, for cfn_nag / cdk-nag id mapping and unknown-rule hints. */
  rules?: readonly Rule[];
}

interface Candidate {
  source: Suppression['source'];
  location: SourceLocation;
  reason: string;
  /** Only nightlight's own suppressions are reported when unused. */
  reportUnused: boolean;
  label: string;
  matches(f: Finding, subjects: Set<string>): boolean;
  used: boolean;
}

/**
 * Marks the findings that a suppression covers (first match wins: inline, then metadata, then
 * config) and pushes diagnostics for suppressions without a reason and unused ones. Returns the
 * same findings, in the same order.
 */
export function applySuppressions(findings: Finding[], inputs: SuppressionInputs, diagnostics: Diagnostic[]): Finding[] {
  const rules = inputs.rules ?? [];
  const known = new Set(rules.map((r) => r.id));
  const candidates: Candidate[] = [];
  const missingReason = (label: string, loc: SourceLocation | undefined, hint: string) => {
    diagnostics.push({
      level: 'error',
      code: 'suppression-missing-reason',
      message: `${where(loc)}: suppression of ${label} has no reason; ${hint} (it suppresses nothing until then)`,
      ...(loc ? { location: loc } : {}),
    });
  };

  for (const c of inputs.comments ?? []) {
    const location: SourceLocation = { file: c.file, line: c.line, column: c.column };
    if (c.rules.length === 0) {
      diagnostics.push({ level: 'error', code: 'suppression-invalid', message: `${c.file}:${c.line}: nightlight-ignore names no rule; write "nightlight-ignore <rule-id> -- <reason>"`, location });
      continue;
    }
    const label = c.rules.map((r) => (r.key !== undefined ? `${r.rule}[${r.key}]` : r.rule)).join(', ');
    if (c.reason === null) {
      missingReason(label, location, 'add " -- <why this is acceptable>" after the rule id');
      continue;
    }
    for (const spec of c.rules) {
      candidates.push({
        source: 'inline',
        location,
        reason: c.reason,
        reportUnused: true,
        label: spec.key !== undefined ? `${spec.rule}[${spec.key}]` : spec.rule,
        used: false,
        matches: (f) => f.location.file === c.file && (f.location.line === c.appliesToLine || f.location.line === c.line) && ruleMatches(spec.rule, f.ruleId) && (spec.key === undefined || f.key === spec.key),
      });
    }
  }

  for (const d of inputs.model?.suppressions ?? []) {
    candidates.push(...metadataCandidates(d, rules, missingReason, diagnostics));
  }

  if (inputs.checkovComments?.length) {
    // Where each element is defined: a Checkov comment covers the elements whose key it lies under.
    const at = new Map<string, SourceLocation>();
    for (const e of [...(inputs.model?.functions ?? []), ...(inputs.model?.resources ?? [])]) at.set(e.id, e.location);
    for (const c of inputs.checkovComments) {
      const location: SourceLocation = { file: c.file, line: c.line, column: c.column };
      const covers = (subjects: Set<string>) => [...subjects].some((id) => {
        const l = at.get(id);
        return l !== undefined && l.file === c.file && c.within.includes(l.line);
      });
      candidates.push(...peerCandidates('checkov', c.id, c.reason, location, 'inline', rules, missingReason, (f, subjects) => covers(subjects)));
    }
  }

  for (const s of inputs.config ?? []) {
    if (s.reason === null) continue; // reported by the config validation, with the config file's line
    const label = s.key !== undefined ? `${s.rule}[${s.key}]` : s.rule;
    candidates.push({
      source: 'config',
      location: s.location,
      reason: s.reason,
      reportUnused: true,
      label: `${label} on ${s.resource}`,
      used: false,
      matches: (f, subjects) => ruleMatches(s.rule, f.ruleId) && (s.key === undefined || f.key === s.key) && [...subjects].some((id) => nameMatches(s.resource, id)),
    });
  }

  if (candidates.length === 0) return findings;
  const entryPoints = new Map((inputs.model?.entryPoints ?? []).map((e) => [e.id, e]));
  for (const f of findings) {
    const subjects = subjectsOf(f, entryPoints);
    for (const c of candidates) {
      if (!c.matches(f, subjects)) continue;
      c.used = true;
      if (!f.suppression) f.suppression = { reason: c.reason, source: c.source, location: c.location };
    }
  }
  for (const c of candidates) {
    if (c.used || !c.reportUnused) continue;
    const rule = c.label.replace(/\[.*$/, '').replace(/ on .*$/, '');
    const unknown = !rule.includes('*') && known.size > 0 && !known.has(rule) ? ` (there is no rule ${rule}; see nightlight rules)` : '';
    diagnostics.push({ level: 'warning', code: 'suppression-unused', message: `${where(c.location)}: ${c.source} suppression of ${c.label} matches no finding${unknown}; remove it`, location: c.location });
  }
  return findings;
}

function metadataCandidates(
  d: DeclaredSuppression,
  rules: readonly Rule[],
  missingReason: (label: string, loc: SourceLocation | undefined, hint: string) => void,
  diagnostics: Diagnostic[],
): Candidate[] {
  const out: Candidate[] = [];
  const onResource = (f: Finding, subjects: Set<string>) => subjects.has(d.resource) && keyMatches(d.appliesTo, f);
  if (d.tool === 'nightlight') {
    if (!d.id) {
      diagnostics.push({ level: 'error', code: 'suppression-invalid', message: `${where(d.location)}: Metadata nightlight ignore entry on ${d.resource} has no id`, location: d.location });
      return out;
    }
    const { rule, key } = splitSpec(d.id);
    if (d.reason === null) {
      missingReason(d.id, d.location, 'add "reason: <why this is acceptable>" next to the id');
      return out;
    }
    out.push({
      source: 'metadata',
      location: d.location,
      reason: d.reason,
      reportUnused: true,
      label: `${d.id} on ${d.resource}`,
      used: false,
      matches: (f, subjects) => ruleMatches(rule, f.ruleId) && (key === undefined || f.key === key) && onResource(f, subjects),
    });
    return out;
  }
  if (!d.id) return out;
  return peerCandidates(d.tool, d.id, d.reason, d.location, 'metadata', rules, missingReason, onResource, d.resource);
}

/**
 * A peer tool's suppression (cfn_nag, cdk-nag, Checkov: Metadata or a Checkov comment) as
 * candidates for the nightlight rules that list its id. A peer id with no nightlight counterpart
 * excuses nothing here (it stays for the peer tool), and such entries are never reported unused.
 */
function peerCandidates(
  tool: DeclaredSuppression['tool'] & ('cfn_nag' | 'cdk_nag' | 'checkov'),
  id: string,
  reason: string | null,
  location: SourceLocation,
  source: Suppression['source'],
  rules: readonly Rule[],
  missingReason: (label: string, loc: SourceLocation | undefined, hint: string) => void,
  onSubject: (f: Finding, subjects: Set<string>) => boolean,
  resource?: string,
): Candidate[] {
  const mapped = peerRuleIds(tool, id, rules);
  if (mapped.length === 0) return [];
  if (reason === null) {
    missingReason(`${tool} ${id} (${mapped.join(', ')})`, location, source === 'inline' ? 'add ":<why this is acceptable>" after the id' : 'add "reason: <why this is acceptable>"');
    return [];
  }
  return mapped.map((rule) => ({
    source,
    location,
    reason: `${reason} (${tool} ${id})`,
    reportUnused: false,
    label: resource ? `${rule} on ${resource}` : rule,
    used: false,
    matches: (f: Finding, subjects: Set<string>) => f.ruleId === rule && onSubject(f, subjects),
  }));
}
