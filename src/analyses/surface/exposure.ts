/**
 * Exposure helpers shared by surface rules: how severity rises and falls with who can reach a thing.
 */
import type { Severity } from '../../engine/types.js';
import type { AppModel, EntryPoint, PrincipalKind } from '../../model/types.js';
import type { SurfaceAnalysis } from './types.js';

/** Severity for a finding on an entry point, from its principal. */
export function severityByPrincipal(kind: PrincipalKind, base: Severity): Severity {
  switch (kind) {
    case 'public':
      return base;
    case 'unresolved':
    case 'any-aws-account':
      return lower(base, 1);
    case 'cross-account':
      return lower(base, 2);
    default:
      return 'low';
  }
}

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export function lower(s: Severity, steps: number): Severity {
  return ORDER[Math.min(ORDER.length - 1, ORDER.indexOf(s) + steps)]!;
}
export function raise(s: Severity, steps: number): Severity {
  return ORDER[Math.max(0, ORDER.indexOf(s) - steps)]!;
}

export function isApiEntry(ep: EntryPoint): boolean {
  return ep.kind === 'rest-api-method' || ep.kind === 'http-api-route' || ep.kind === 'websocket-route';
}

/** The API resource of an entry point is private (VPC endpoints only). */
export function isPrivateApi(model: AppModel, ep: EntryPoint): boolean {
  const api = model.resources.find((r) => r.id === ep.source);
  return api?.attributes.endpointType === 'PRIVATE';
}

export function surfaceOf(analyses: Record<string, unknown>): SurfaceAnalysis | undefined {
  return analyses['surface'] as SurfaceAnalysis | undefined;
}
