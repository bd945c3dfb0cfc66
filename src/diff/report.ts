/**
 * Typed, defensive reading of a JSON report (src/reporters/json.ts) for comparison. A report may
 * come from a file written by another version of nightlight, so every field is checked and
 * missing optional parts read as "unknown", never as "empty and therefore safe". Pure.
 */
import type { Category, Finding, Severity } from '../model/findings.js';
import { SEVERITIES } from '../model/findings.js';
import type { AuthKind, Diagnostic, PrincipalKind, SourceLocation } from '../model/types.js';

export interface ReportEntryPoint {
  id: string;
  kind: string;
  label: string;
  source: string | null;
  method?: string;
  path?: string;
  principal: PrincipalKind;
  auth: AuthKind;
  apiKeyRequired: boolean;
  targets: string[];
  location?: SourceLocation;
}

export interface ReportPermission {
  action: string;
  accessLevel: string;
  resources: string[];
  conditional: boolean;
}

export interface ReportFunction {
  id: string;
  /** null when the report carries no permissions (older report, or IAM not analysed). */
  permissions: ReportPermission[] | null;
}

export interface ReportCost {
  entryPoint: string;
  function: string;
  worstCaseUsdPerDay: number;
  unbounded: boolean;
  attackerDriven: boolean;
}

/** A trust boundary of the report (`boundaries[]`, docs/owners.md). */
export interface ReportBoundary {
  id: string;
  kind: string;
  from: string;
  to: string;
  owners: { from: string[]; to: string[] };
  actions: string[];
  levels: string[];
  ask: string[];
  location?: SourceLocation;
}

export interface ReadReport {
  toolVersion: string;
  /** null when the report has no owner information (no `boundaries` key). */
  boundaries: ReportBoundary[] | null;
  entryPoints: ReportEntryPoint[];
  functions: ReportFunction[];
  findings: Finding[];
  cost: ReportCost[];
  diagnostics: Diagnostic[];
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown, dflt = ''): string {
  return typeof v === 'string' ? v : dflt;
}
function strs(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}
function location(v: unknown): SourceLocation | undefined {
  const o = obj(v);
  if (typeof o['file'] !== 'string') return undefined;
  return { file: o['file'], line: typeof o['line'] === 'number' ? o['line'] : 1, column: typeof o['column'] === 'number' ? o['column'] : 1 };
}

/** Whether a parsed JSON value is a nightlight scan report. */
export function isJsonReport(v: unknown): boolean {
  const o = obj(v);
  return o['schemaVersion'] !== undefined && Array.isArray(o['findings']) && o['kind'] !== 'nightlight-diff';
}

export function readReport(v: unknown): ReadReport {
  const o = obj(v);
  const entryPoints = arr(o['entryPoints']).map((x): ReportEntryPoint => {
    const e = obj(x);
    const ep: ReportEntryPoint = {
      id: str(e['id']),
      kind: str(e['kind'], 'other'),
      label: str(e['label'], str(e['id'])),
      source: typeof e['source'] === 'string' ? e['source'] : null,
      principal: str(e['principal'], 'unresolved') as PrincipalKind,
      auth: str(e['auth'], 'unresolved') as AuthKind,
      apiKeyRequired: e['apiKeyRequired'] === true,
      targets: strs(e['targets']),
    };
    if (typeof e['method'] === 'string') ep.method = e['method'];
    if (typeof e['path'] === 'string') ep.path = e['path'];
    const loc = location(e['location']);
    if (loc) ep.location = loc;
    return ep;
  });
  const functions = arr(o['functions']).map((x): ReportFunction => {
    const f = obj(x);
    const perms = f['permissions'];
    return {
      id: str(f['id']),
      permissions: Array.isArray(perms)
        ? perms.map((p) => {
            const q = obj(p);
            return { action: str(q['action']), accessLevel: str(q['accessLevel'], 'Unknown'), resources: strs(q['resources']), conditional: q['conditional'] === true };
          })
        : null,
    };
  });
  const findings = arr(o['findings']).map((x): Finding => {
    const f = obj(x);
    const sev = str(f['severity'], 'info');
    const finding: Finding = {
      ruleId: str(f['ruleId']),
      category: str(f['category'], 'misconfiguration') as Category,
      severity: ((SEVERITIES as readonly string[]).includes(sev) ? sev : 'info') as Severity,
      message: str(f['message']),
      resource: str(f['resource']),
      functions: strs(f['functions']),
      location: location(f['location']) ?? { file: '', line: 1, column: 1 },
      fingerprint: str(f['fingerprint']),
    };
    if (typeof f['key'] === 'string') finding.key = f['key'];
    if (Array.isArray(f['related'])) finding.related = f['related'] as Finding['related'];
    if (Array.isArray(f['flows'])) finding.flows = f['flows'] as Finding['flows'];
    const s = obj(f['suppression']);
    if (typeof s['reason'] === 'string') {
      const src = str(s['source'], 'config');
      finding.suppression = { reason: s['reason'], source: (['inline', 'metadata', 'config', 'baseline'].includes(src) ? src : 'config') as 'inline' | 'metadata' | 'config' | 'baseline' };
      const loc = location(s['location']);
      if (loc) finding.suppression.location = loc;
    }
    return finding;
  });
  const cost = arr(o['cost']).flatMap((x): ReportCost[] => {
    const c = obj(x);
    if (typeof c['entryPoint'] !== 'string' || typeof c['worstCaseUsdPerDay'] !== 'number') return [];
    return [{ entryPoint: c['entryPoint'], function: str(c['function']), worstCaseUsdPerDay: c['worstCaseUsdPerDay'], unbounded: c['unbounded'] === true, attackerDriven: c['attackerDriven'] === true }];
  });
  const diagnostics = arr(o['diagnostics']).map((x): Diagnostic => {
    const d = obj(x);
    const level = str(d['level'], 'warning');
    const diag: Diagnostic = { level: level === 'error' || level === 'info' ? level : 'warning', code: str(d['code'], 'unknown'), message: str(d['message']) };
    const loc = location(d['location']);
    if (loc) diag.location = loc;
    return diag;
  });
  const boundaries = Array.isArray(o['boundaries'])
    ? (o['boundaries'] as unknown[]).flatMap((x): ReportBoundary[] => {
        const b = obj(x);
        if (typeof b['from'] !== 'string' || typeof b['to'] !== 'string') return [];
        const owners = obj(b['owners']);
        const crosses = obj(b['crosses']);
        const r: ReportBoundary = { id: str(b['id'], `${str(b['kind'])}:${b['from']}->${b['to']}`), kind: str(b['kind'], 'write'), from: b['from'], to: b['to'], owners: { from: strs(owners['from']), to: strs(owners['to']) }, actions: strs(crosses['actions']), levels: strs(crosses['levels']), ask: strs(b['ask']) };
        const loc = location(b['location']);
        if (loc) r.location = loc;
        return [r];
      })
    : null;
  return { toolVersion: str(obj(o['tool'])['version'], 'unknown'), boundaries, entryPoints, functions, findings, cost, diagnostics };
}
