/**
 * The JSON report: a versioned contract (docs/json-report.md). Pure: RunResult → string.
 */
import type { RunResult } from '../engine/result.js';
import type { EntryPoint, FunctionNode, Maybe } from '../model/types.js';
import { cloudOf, isUnresolved } from '../model/types.js';
import { actionCatalog } from '../analyses/iam/catalog.js';
import { lostCounts, type Coverage } from '../engine/coverage.js';

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
    cloud: cloudOf(ep),
    label: ep.label,
    source: ep.source,
    ...(ep.method ? { method: ep.method } : {}),
    ...(ep.path ? { path: ep.path } : {}),
    principal: ep.principal.kind,
    ...(ep.principal.detail ? { principalDetail: ep.principal.detail } : {}),
    ...(ep.principal.native ? { principalNative: ep.principal.native } : {}),
    auth: ep.auth.kind,
    ...(ep.auth.authorizer ? { authorizer: ep.auth.authorizer } : {}),
    ...(ep.auth.apiKeyRequired ? { apiKeyRequired: true } : {}),
    ...(ep.auth.scopes?.length ? { scopes: ep.auth.scopes } : {}),
    targets: ep.targets,
    ...(ep.graphql ? { graphql: { api: ep.graphql.api, dataSource: ep.graphql.dataSource, fields: ep.graphql.fields.map((f) => ({ type: v(f.type), field: v(f.field) })), authLocation: ep.graphql.authLocation } } : {}),
    ...(ep.frontDoors?.length ? { frontDoors: ep.frontDoors.map((d) => ({ distribution: d.distribution, origin: d.origin, restricted: v(d.restricted), location: d.location })) } : {}),
    location: ep.location,
  };
}

export function toJsonReport(result: RunResult): JsonReport {
  const m = result.model;
  const surface = result.analyses.surface;
  const codeHandlers = result.analyses.handlers;
  const summary: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0, suppressed: 0 };
  for (const f of result.findings) {
    if (f.suppression) summary['suppressed']!++;
    else summary[f.severity]!++;
  }
  return {
    schemaVersion: 1,
    tool: result.tool,
    inputs: result.inputs,
    // `incomplete`: how many inputs were dropped or refused (0: the results cover every input read).
    summary: { ...summary, entryPoints: m.entryPoints.length, functions: m.functions.length, diagnostics: result.diagnostics.length, incomplete: result.coverage?.lost.length ?? 0 },
    ...(result.coverage ? { coverage: coverageJson(result.coverage) } : {}),
    entryPoints: m.entryPoints.map(entryJson),
    functions: m.functions.map((fn) => ({
      id: fn.id,
      cloud: cloudOf(fn),
      ...(fn.platform ? { platform: fn.platform } : {}),
      stack: fn.stack,
      name: v(fn.name),
      runtime: v(fn.runtime),
      memoryMb: v(fn.memoryMb),
      timeoutSeconds: v(fn.timeoutSeconds),
      architecture: v(fn.architecture),
      reservedConcurrency: v(fn.reservedConcurrency),
      provisionedConcurrency: v(fn.provisionedConcurrency),
      role: fn.roleId,
      handler: {
        handler: v(fn.handler.handler),
        codeUri: v(fn.handler.codeUri),
        inline: fn.handler.inline,
        file: codeHandlers?.[fn.id]?.file ?? null,
        export: codeHandlers?.[fn.id]?.export ?? handlerExport(fn),
      },
      url: fn.url ? { authType: v(fn.url.authType), invokeMode: fn.url.invokeMode } : null,
      ...(surface?.byFunction?.[fn.id] ? { exposure: surface.byFunction[fn.id] } : {}),
      ...permissionsJson(result, fn.id),
      ...(fn.constructPath ? { constructPath: fn.constructPath } : {}),
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
      ...(f.constructPath ? { constructPath: f.constructPath } : {}),
      ...(f.related ? { related: f.related } : {}),
      ...(f.flows ? { flows: f.flows } : {}),
      ...(f.suppression ? { suppression: f.suppression } : {}),
    })),
    cost: costJson(result),
    ...ownersJson(result),
    diagnostics: result.diagnostics,
  };
}

/**
 * `owners` (who owns each function, resource and role) and `boundaries` (the edges between owners),
 * present only when the scan had owner information (docs/owners.md): without it the report is
 * byte for byte what it was.
 */
function ownersJson(result: RunResult): { owners?: unknown[]; boundaries?: unknown[] } {
  const o = result.analyses.owners;
  if (!o) return {};
  return {
    owners: Object.values(o.elements).map((e) => ({
      id: e.id,
      kind: e.kind,
      owners: e.owners,
      source: e.source,
      file: e.file,
      location: e.location,
      ...(e.code ? { code: { file: e.code.file, owners: e.code.owners, source: e.code.source, location: e.code.location } } : {}),
    })),
    boundaries: o.boundaries.map((b) => ({
      id: b.id,
      kind: b.kind,
      from: b.from,
      to: b.to,
      owners: b.owners,
      crosses: b.crosses,
      via: b.via,
      ...(b.conditional ? { conditional: true } : {}),
      ...(b.entryPoints.length ? { entryPoints: b.entryPoints } : {}),
      ask: b.ask,
      location: b.location,
    })),
  };
}

export function renderJson(result: RunResult): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}

/**
 * The text of `renderJson` in pieces of about `size` characters: the report of a large scan (20 MB
 * for the whole corpus) is written as it is made, never held whole (with its copies on the way to
 * the output, ~100 MB at the peak). Joined, the pieces are exactly `renderJson(result)`.
 */
export function* renderJsonPieces(result: RunResult, size = 1 << 20): Generator<string> {
  let buffer = '';
  for (const piece of jsonTextPieces(toJsonReport(result))) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer + '\n';
}

/** Whether JSON.stringify leaves a property with this value out. */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Elements of a top-level array stringified together (a function or a finding is a few KB). */
const ELEMENTS_PER_PIECE = 200;

/**
 * `JSON.stringify(value, null, 2)` split at the top-level properties and, for arrays, every
 * `ELEMENTS_PER_PIECE` elements. Each piece is the text JSON.stringify gives a one-property object
 * (so nesting and indentation are its own), without the wrapper.
 */
export function* jsonTextPieces(value: unknown): Generator<string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value, null, 2);
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record)) {
    const v = record[key];
    const toJson = v !== null && typeof v === 'object' ? (v as { toJSON?: unknown }).toJSON : undefined;
    if (omitted(typeof toJson === 'function' ? (toJson as (k: string) => unknown).call(v, key) : v)) continue;
    const name = JSON.stringify(key);
    yield first ? '{\n' : ',\n';
    first = false;
    if (Array.isArray(v) && v.length > 0 && toJson === undefined) {
      // {\n  "key": [\n    …elements…\n  ]\n}
      const head = `{\n  ${name}: [\n`.length;
      const tail = '\n  ]\n}'.length;
      for (let i = 0; i < v.length; i += ELEMENTS_PER_PIECE) {
        const text = JSON.stringify({ [key]: v.slice(i, i + ELEMENTS_PER_PIECE) }, null, 2);
        yield (i === 0 ? `  ${name}: [\n` : ',\n') + text.slice(head, text.length - tail);
      }
      yield '\n  ]';
    } else {
      // {\n  "key": …\n}
      const text = JSON.stringify({ [key]: v }, null, 2);
      yield text.slice(2, text.length - 2);
    }
  }
  yield first ? '{}' : '\n}';
}

function costJson(result: RunResult): unknown[] {
  const ceilings = result.analyses.cost?.ceilings ?? [];
  return ceilings.map((c) => ({
    entryPoint: c.entryPoint,
    function: c.function,
    worstCaseUsdPerHour: c.worstCaseUsdPerHour,
    worstCaseUsdPerDay: c.worstCaseUsdPerDay,
    bindingLimit: c.bindingLimit,
    unbounded: c.unbounded,
    attackerDriven: c.attackerDriven,
    downstream: c.downstream,
    assumptions: c.assumptions,
    breakdown: c.breakdown,
    fix: c.fix,
  }));
}

/** One granted permission of a function in the JSON report (`functions[].permissions`). */
export interface PermissionJson {
  /** `s3:GetObject`; `s3:*` when every action of the service is granted on the same resources; `*` for all of AWS. */
  action: string;
  /** The catalog's access level; `all` for a collapsed `service:*` or `*`. */
  accessLevel: string;
  /** Resource patterns as granted, sorted. */
  resources: string[];
  /** Only granted under a condition. */
  conditional?: true;
  /** Rests on a value that could not be resolved. */
  unresolved?: true;
}

/**
 * A function's effective permissions from the IAM analysis, compacted: a service granted in full on
 * the same resources becomes `service:*` (and AWS in full `*`), so an admin role does not list
 * 20,000 actions. Absent when the IAM analysis did not run; `permissionsUnresolved` lists why the
 * list may be incomplete.
 */
function permissionsJson(result: RunResult, fnId: string): { permissions?: PermissionJson[]; permissionsUnresolved?: string[] } {
  const iam = result.analyses.iam;
  if (!iam || typeof iam.permissionsOf !== 'function') return {};
  const perms = iam.permissionsOf(fnId);
  if (!perms) return {};
  const catalog = actionCatalog();
  const out: PermissionJson[] = [];
  const collapsed = new Map<string, { services: number; resources: string[]; conditional: boolean; unresolved: boolean }>();
  const whole = (service: string, key: string, resources: string[], conditional: boolean, unresolvedGrant: boolean): void => {
    const c = collapsed.get(key) ?? { services: 0, resources, conditional, unresolved: unresolvedGrant };
    c.services++;
    collapsed.set(key, c);
    out.push(permissionEntry(`${service}:*`, 'all', resources, conditional, unresolvedGrant));
  };
  for (const svc of perms.services) {
    const total = catalog.expand(`${svc.service}:*`).length;
    const w = svc.whole;
    if (w !== undefined) {
      // Granted whole: one group of every action, without building the entries.
      const key = `${w.resources.join('\u0000')}\u0001${w.conditional}\u0001${w.unresolved}`;
      if (total > 0 && w.actions.length >= total) whole(svc.service, key, w.resources, w.conditional, w.unresolved);
      else for (const a of w.actions) out.push(permissionEntry(a.action, a.accessLevel, w.resources, w.conditional, w.unresolved));
      continue;
    }
    const groups = new Map<string, typeof svc.actions>();
    for (const a of svc.actions) {
      const key = `${a.resources.join('\u0000')}\u0001${a.conditional}\u0001${a.unresolved}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(a);
    }
    for (const [key, list] of groups) {
      const first = list[0]!;
      if (total > 0 && list.length >= total) whole(svc.service, key, first.resources, first.conditional, first.unresolved);
      else for (const a of list) out.push(permissionEntry(a.action, a.accessLevel, a.resources, a.conditional, a.unresolved));
    }
  }
  const services = catalog.serviceNames().length;
  for (const [key, c] of collapsed) {
    if (c.services < services) continue;
    const keep = out.filter((p) => !(p.action.endsWith(':*') && `${p.resources.join('\u0000')}\u0001${!!p.conditional}\u0001${!!p.unresolved}` === key));
    out.length = 0;
    out.push(permissionEntry('*', 'all', c.resources, c.conditional, c.unresolved), ...keep);
  }
  out.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  return { permissions: out, ...(perms.unresolved.length ? { permissionsUnresolved: [...perms.unresolved] } : {}) };
}

function permissionEntry(action: string, accessLevel: string, resources: readonly string[], conditional: boolean, unresolvedGrant: boolean): PermissionJson {
  const p: PermissionJson = { action, accessLevel, resources: [...resources].sort() };
  if (conditional) p.conditional = true;
  if (unresolvedGrant) p.unresolved = true;
  return p;
}

/** What was not analysed, and what was lost (by kind, with the located diagnostics). */
function coverageJson(c: Coverage): unknown {
  return {
    incomplete: c.lost.length > 0,
    lost: lostCounts(c.lost),
    lostInputs: c.lost.map((l) => ({ kind: l.kind, code: l.code, message: l.message, ...(l.location ? { location: l.location } : {}) })),
    codeNotAnalysed: c.codeNotAnalysed,
    definitionsNotRead: c.definitionsNotRead,
  };
}
