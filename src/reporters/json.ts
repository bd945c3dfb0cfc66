/**
 * The JSON report: a versioned contract (docs/json-report.md). Pure: RunResult → string.
 */
import type { RunResult } from '../engine/types.js';
import type { EntryPoint, FunctionNode, Maybe } from '../model/types.js';
import { isUnresolved } from '../model/types.js';

export interface JsonReport {
  schemaVersion: 1;
  tool: { name: 'nightlight'; version: string };
  inputs: RunResult['inputs'];
  summary: Record<string, number>;
  entryPoints: unknown[];
  functions: unknown[];
  findings: unknown[];
  cost: unknown[];
  diagnostics: RunResult['diagnostics'];
  [extra: string]: unknown;
}

function v<T>(m: Maybe<T> | null | undefined): T | { unresolved: true; reason: string } | null {
  if (m === undefined || m === null) return null;
  if (isUnresolved(m)) return { unresolved: true, reason: m.reason };
  return m;
}

export function handlerExport(fn: FunctionNode): string | null {
  const h = fn.handler.handler;
  if (typeof h !== 'string') return null;
  const i = h.lastIndexOf('.');
  return i >= 0 ? h.slice(i + 1) : h;
}

function entryJson(ep: EntryPoint) {
  return {
    id: ep.id,
    kind: ep.kind,
    label: ep.label,
    source: ep.source,
    ...(ep.method ? { method: ep.method } : {}),
    ...(ep.path ? { path: ep.path } : {}),
    principal: ep.principal.kind,
    ...(ep.principal.detail ? { principalDetail: ep.principal.detail } : {}),
    auth: ep.auth.kind,
    ...(ep.auth.authorizer ? { authorizer: ep.auth.authorizer } : {}),
    ...(ep.auth.apiKeyRequired ? { apiKeyRequired: true } : {}),
    ...(ep.auth.scopes?.length ? { scopes: ep.auth.scopes } : {}),
    targets: ep.targets,
    location: ep.location,
  };
}

export function toJsonReport(result: RunResult): JsonReport {
  const m = result.model;
  const roles = new Map(m.roles.map((r) => [r.id, r]));
  const surface = result.analyses['surface'] as { byFunction?: Record<string, { weakestPrincipal: string | null; entryPoints: string[] }> } | undefined;
  const codeHandlers = result.analyses['handlers'] as Record<string, { file: string; export: string } | null> | undefined;
  const summary: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0, suppressed: 0 };
  for (const f of result.findings) {
    if (f.suppression) summary['suppressed']!++;
    else summary[f.severity]!++;
  }
  return {
    schemaVersion: 1,
    tool: result.tool,
    inputs: result.inputs,
    summary: { ...summary, entryPoints: m.entryPoints.length, functions: m.functions.length, diagnostics: result.diagnostics.length },
    entryPoints: m.entryPoints.map(entryJson),
    functions: m.functions.map((fn) => ({
      id: fn.id,
      stack: fn.stack,
      name: v(fn.name),
      runtime: v(fn.runtime),
      memoryMb: v(fn.memoryMb),
      timeoutSeconds: v(fn.timeoutSeconds),
      architecture: v(fn.architecture),
      reservedConcurrency: v(fn.reservedConcurrency),
      provisionedConcurrency: v(fn.provisionedConcurrency),
      role: fn.roleId ? (roles.get(fn.roleId)?.logicalId ?? fn.roleId) : null,
      handler: {
        handler: v(fn.handler.handler),
        codeUri: v(fn.handler.codeUri),
        inline: fn.handler.inline,
        file: codeHandlers?.[fn.id]?.file ?? null,
        export: codeHandlers?.[fn.id]?.export ?? handlerExport(fn),
      },
      url: fn.url ? { authType: v(fn.url.authType), invokeMode: fn.url.invokeMode } : null,
      ...(surface?.byFunction?.[fn.id] ? { exposure: surface.byFunction[fn.id] } : {}),
      location: fn.location,
    })),
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      message: f.message,
      resource: f.resource,
      functions: f.functions,
      location: f.location,
      fingerprint: f.fingerprint,
      ...(f.key !== undefined ? { key: f.key } : {}),
      ...(f.related ? { related: f.related } : {}),
      ...(f.flows ? { flows: f.flows } : {}),
      ...(f.suppression ? { suppression: f.suppression } : {}),
    })),
    cost: (result.analyses['cost'] as { entries?: unknown[] } | undefined)?.entries ?? [],
    diagnostics: result.diagnostics,
  };
}

export function renderJson(result: RunResult): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}
