/**
 * SARIF 2.1.0 for code-scanning platforms (GitHub code scanning, Azure DevOps, IDE viewers).
 * Pure: the same RunResult and rules give the same bytes.
 *
 * - one run; `tool.driver.rules` lists every rule passed in (sorted by id) plus any rule a finding
 *   names that was not passed, so `ruleIndex` always resolves;
 * - rule `properties.security-severity` is GitHub's 0–10 score, as a string (which is what GitHub
 *   parses). GitHub ranks an alert by its rule's score, while nightlight sets severity per finding
 *   (reachability raises or lowers it): a finding whose severity differs from its rule's own gets
 *   the descriptor `<rule-id>/<severity>` (a SARIF hierarchical sub-rule of the rule), whose
 *   score is that severity's, so GitHub ranks every alert as nightlight does;
 * - locations are relative to `%SRCROOT%`, never absolute, so the output does not depend on where
 *   the scan ran; with `pathPrefix` (the scanned folder relative to the repository root, which the
 *   CLI finds) they are relative to the repository root, which is what GitHub resolves them against;
 * - `partialFingerprints["nightlight/v1"]` is the engine's fingerprint (rule + subject + key,
 *   never a line), so alerts survive edits;
 * - suppressed findings stay in the log with a `suppressions` entry (inSource for inline and
 *   template-metadata suppressions, external for config and baseline).
 */
import type { Finding, FlowStep, Severity } from '../model/findings.js';
import type { RuleMeta } from '../engine/types.js';
import type { RunResult } from '../engine/result.js';
import type { Cloud, Diagnostic, SourceLocation } from '../model/types.js';
import { cloudOf } from '../model/types.js';
import { cmp } from '../model/order.js';

export interface RuleDescriptor {
  id: string;
  meta: RuleMeta;
}

export interface SarifOptions {
  /** Absolute URI of the project; `tool.driver.informationUri`. */
  informationUri?: string;
  /** Absolute URI under which `<rule-id>.md` rule pages live; defaults to `<informationUri>/blob/main/docs/rules`. */
  rulesDocsUri?: string;
  /** Prepended to every path (`services/orders/`): the scanned folder relative to the repository root. */
  pathPrefix?: string;
}

/** Joins a path prefix (a folder relative to the repository root) and a path relative to that folder. */
export function prefixed(prefix: string | undefined, file: string): string {
  const p = (prefix ?? '').replace(/\\/g, '/').replace(/^\.(\/|$)/, '').replace(/\/+$/, '');
  return p ? `${p}/${file.replace(/^\.\//, '')}` : file;
}

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const DEFAULT_INFORMATION_URI = 'https://github.com/nightlight-scanner/nightlight';
export const FINGERPRINT_KEY = 'nightlight/v1';
export const SRCROOT = '%SRCROOT%';

export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(s: Severity): SarifLevel {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

// ---------------------------------------------------------------------------------------------
// The subset of SARIF 2.1.0 this reporter writes
// ---------------------------------------------------------------------------------------------

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifLocation {
  id?: number;
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: string };
    region: SarifRegion;
  };
  logicalLocations?: { name: string; kind: string }[];
  message?: SarifMessage;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    category: string;
    severity: Severity;
    tags: string[];
    'security-severity': string;
    cwe?: string[];
  };
}

export interface SarifThreadFlowLocation {
  location: SarifLocation;
  executionOrder: number;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  codeFlows?: { threadFlows: { locations: SarifThreadFlowLocation[] }[] }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'inSource' | 'external'; status: 'accepted'; justification: string; location?: SarifLocation }[];
  properties: { rule: string; category: string; severity: Severity; resource: string; functions: string[]; cloud: Cloud };
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  descriptor: { id: string };
  locations?: SarifLocation[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        semanticVersion: string;
        informationUri: string;
        rules: SarifRule[];
      };
    };
    originalUriBaseIds: Record<string, { description: SarifMessage }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

/** A repo-relative POSIX path as a relative URI reference (each segment percent-encoded). */
export function fileUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .replace(/^\/+/, '')
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}

function region(loc: SourceLocation): SarifRegion {
  const r: SarifRegion = { startLine: positive(loc.line) ?? 1, startColumn: positive(loc.column) ?? 1 };
  const endLine = positive(loc.endLine);
  const endColumn = positive(loc.endColumn);
  // An end is written only when it makes a non-empty region; a lone endLine would stretch to the line's end.
  if (endLine !== undefined && endColumn !== undefined && (endLine > r.startLine || (endLine === r.startLine && endColumn > r.startColumn))) {
    r.endLine = endLine;
    r.endColumn = endColumn;
  } else if (endLine !== undefined && endLine > r.startLine) {
    r.endLine = endLine;
  }
  return r;
}

function location(loc: SourceLocation, message?: string, id?: number): SarifLocation {
  const l: SarifLocation = {
    physicalLocation: { artifactLocation: { uri: fileUri(loc.file), uriBaseId: SRCROOT }, region: region(loc) },
  };
  if (id !== undefined) l.id = id;
  if (message !== undefined) l.message = { text: message };
  return l;
}

function ruleName(id: string): string {
  const last = id.slice(id.lastIndexOf('/') + 1);
  return last
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p.length > 0)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

function cweTag(n: number): string {
  return `external/cwe/cwe-${n}`;
}

function ruleHelp(id: string, meta: RuleMeta, helpUri: string): SarifMessage {
  const cwe = meta.cwe ?? [];
  const sources = meta.sources ?? [];
  const text = [
    meta.description,
    '',
    `Category: ${meta.category}. Severity: ${meta.severity}.`,
    cwe.length > 0 ? `CWE: ${cwe.map((c) => `CWE-${c}`).join(', ')}.` : null,
    sources.length > 0 ? `Equivalent checks: ${sources.map((s) => `${s.tool} ${s.id}`).join(', ')}.` : null,
    `How to fix it: ${helpUri}`,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
  const markdown = [
    `**${id}**: ${meta.description}`,
    '',
    `- Category: \`${meta.category}\``,
    `- Severity: ${meta.severity}`,
    cwe.length > 0
      ? `- CWE: ${cwe.map((c) => `[CWE-${c}](https://cwe.mitre.org/data/definitions/${c}.html)`).join(', ')}`
      : null,
    sources.length > 0 ? `- Equivalent checks: ${sources.map((s) => `${s.tool} \`${s.id}\``).join(', ')}` : null,
    '',
    `See [the rule's documentation](${helpUri}) for how to fix it.`,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
  return { text, markdown };
}

function sarifRule(id: string, meta: RuleMeta, docsUri: string): SarifRule {
  const helpUri = `${docsUri}/${id.split('/').map(encodeURIComponent).join('/')}.md`;
  const area = id.includes('/') ? id.slice(0, id.indexOf('/')) : null;
  const cwe = [...new Set(meta.cwe ?? [])].sort((a, b) => a - b);
  const tags = [...new Set(['security', ...(area ? [area] : []), meta.category, ...cwe.map(cweTag)])];
  const rule: SarifRule = {
    id,
    name: ruleName(id),
    shortDescription: { text: meta.description },
    fullDescription: {
      text: `${meta.description} (category ${meta.category}${cwe.length > 0 ? `; ${cwe.map((c) => `CWE-${c}`).join(', ')}` : ''})`,
    },
    help: ruleHelp(id, meta, helpUri),
    helpUri,
    defaultConfiguration: { level: sarifLevel(meta.severity) },
    properties: {
      category: meta.category,
      severity: meta.severity,
      tags,
      'security-severity': SECURITY_SEVERITY[meta.severity],
    },
  };
  if (cwe.length > 0) rule.properties.cwe = cwe.map((c) => `CWE-${c}`);
  return rule;
}

/** A rule a finding names but the caller did not describe: enough metadata for ruleIndex to resolve. */
function placeholderMeta(f: Finding): RuleMeta {
  return { description: f.ruleId, category: f.category, severity: f.severity, messages: {}, requires: [] };
}

function locationKey(l: SarifLocation): string {
  const p = l.physicalLocation;
  return `${p.artifactLocation.uri}\u0000${p.region.startLine}\u0000${p.region.startColumn}\u0000${l.message?.text ?? ''}`;
}

function relatedLocations(f: Finding): SarifLocation[] | undefined {
  if (!f.related || f.related.length === 0) return undefined;
  const seen = new Set<string>();
  const out: SarifLocation[] = [];
  for (const r of f.related) {
    const l = location(r.location, r.message);
    const key = locationKey(l);
    if (seen.has(key)) continue;
    seen.add(key);
    l.id = out.length + 1;
    out.push(l);
  }
  return out;
}

function codeFlows(flows: FlowStep[][] | undefined): SarifResult['codeFlows'] {
  const nonEmpty = (flows ?? []).filter((steps) => steps.length > 0);
  if (nonEmpty.length === 0) return undefined;
  return nonEmpty.map((steps) => ({
    threadFlows: [
      {
        locations: steps.map((s, i) => ({ location: location(s.location, s.message), executionOrder: i + 1 })),
      },
    ],
  }));
}

function suppressions(f: Finding): SarifResult['suppressions'] {
  const s = f.suppression;
  if (!s) return undefined;
  const entry: NonNullable<SarifResult['suppressions']>[number] = {
    kind: s.source === 'inline' || s.source === 'metadata' ? 'inSource' : 'external',
    status: 'accepted',
    justification: s.reason,
  };
  if (s.location) entry.location = location(s.location);
  return [entry];
}

function notification(d: Diagnostic): SarifNotification {
  const n: SarifNotification = {
    level: d.level === 'error' ? 'error' : d.level === 'warning' ? 'warning' : 'note',
    message: { text: d.message },
    descriptor: { id: d.code },
  };
  if (d.location) n.locations = [location(d.location)];
  return n;
}

/** The descriptor id of a finding: its rule's, or `<rule-id>/<severity>` when its severity is not the rule's own. */
export function descriptorId(f: Finding, meta: RuleMeta | undefined): string {
  return !meta || meta.severity === f.severity ? f.ruleId : `${f.ruleId}/${f.severity}`;
}

function movedFinding(f: Finding, prefix: string | undefined): Finding {
  if (!prefix) return f;
  const at = (l: SourceLocation): SourceLocation => ({ ...l, file: prefixed(prefix, l.file) });
  const out: Finding = { ...f, location: at(f.location) };
  if (f.related) out.related = f.related.map((r) => ({ ...r, location: at(r.location) }));
  if (f.flows) out.flows = f.flows.map((steps) => steps.map((s) => ({ ...s, location: at(s.location) })));
  if (f.suppression?.location) out.suppression = { ...f.suppression, location: at(f.suppression.location) };
  return out;
}

export function buildSarif(result: RunResult, rules: readonly RuleDescriptor[], options: SarifOptions = {}): SarifLog {
  const informationUri = options.informationUri ?? DEFAULT_INFORMATION_URI;
  const docsUri = (options.rulesDocsUri ?? `${informationUri.replace(/\/+$/, '')}/blob/main/docs/rules`).replace(/\/+$/, '');
  const findings = result.findings.map((f) => movedFinding(f, options.pathPrefix));

  const metas = new Map<string, RuleMeta>();
  for (const r of rules) if (!metas.has(r.id)) metas.set(r.id, r.meta);
  for (const f of findings) if (!metas.has(f.ruleId)) metas.set(f.ruleId, placeholderMeta(f));
  // One descriptor per (rule, severity) a finding has when it is not the rule's own.
  const descriptors = new Map<string, { id: string; meta: RuleMeta; base: string }>([...metas].map(([id, meta]) => [id, { id, meta, base: id }]));
  for (const f of findings) {
    const id = descriptorId(f, metas.get(f.ruleId));
    if (!descriptors.has(id)) descriptors.set(id, { id, meta: { ...metas.get(f.ruleId)!, severity: f.severity }, base: f.ruleId });
  }
  const ids = [...descriptors.keys()].sort(cmp);
  const index = new Map(ids.map((id, i) => [id, i]));
  const sarifRules = ids.map((id) => {
    const d = descriptors.get(id)!;
    const rule = sarifRule(d.base, d.meta, docsUri);
    return d.base === id ? rule : { ...rule, id, name: `${rule.name}${d.meta.severity[0]!.toUpperCase()}${d.meta.severity.slice(1)}` };
  });

  const fnCloud = new Map(result.model.functions.map((fn) => [fn.id, cloudOf(fn)]));
  const resCloud = new Map([...result.model.resources, ...result.model.roles].map((x) => [x.id, cloudOf(x)]));
  const results = findings.map((f): SarifResult => {
    const primary = location(f.location);
    primary.logicalLocations = [{ name: f.resource, kind: 'resource' }];
    const id = descriptorId(f, metas.get(f.ruleId));
    const r: SarifResult = {
      ruleId: id,
      ruleIndex: index.get(id)!,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [primary],
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      properties: { rule: f.ruleId, category: f.category, severity: f.severity, resource: f.resource, functions: [...f.functions], cloud: fnCloud.get(f.functions[0] ?? '') ?? resCloud.get(f.resource) ?? 'aws' },
    };
    const related = relatedLocations(f);
    if (related) r.relatedLocations = related;
    const flows = codeFlows(f.flows);
    if (flows) r.codeFlows = flows;
    const supp = suppressions(f);
    if (supp) r.suppressions = supp;
    return r;
  });

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nightlight',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri,
            rules: sarifRules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { description: { text: options.pathPrefix ? 'The repository root.' : 'The scanned directory.' } } },
        invocations: [{ executionSuccessful: (result.coverage?.lost.length ?? 0) === 0, toolExecutionNotifications: result.diagnostics.map((d) => notification(d.location ? { ...d, location: { ...d.location, file: prefixed(options.pathPrefix, d.location.file) } } : d)) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** SARIF 2.1.0 log as pretty-printed JSON with a trailing newline. */
export function renderSarif(result: RunResult, rules: readonly RuleDescriptor[], options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(result, rules, options), null, 2)}\n`;
}
