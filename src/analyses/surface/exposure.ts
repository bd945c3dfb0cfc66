/**
 * Exposure helpers shared by surface rules: how severity rises and falls with who can reach a thing.
 */
import type { AppModel, EntryPoint } from '../../model/types.js';
import { widestReach, type Reach } from '../../model/findings.js';
import type { SurfaceAnalysis } from './types.js';

/** The most exposed caller of any of `functions` (`none` when no entry point reaches them). */
export function reachOfFunctions(surface: SurfaceAnalysis | undefined, functions: readonly string[]): Reach {
  return widestReach(functions.map((f) => surface?.byFunction[f]?.weakestPrincipal ?? null));
}

export function isApiEntry(ep: EntryPoint): boolean {
  return ep.kind === 'rest-api-method' || ep.kind === 'http-api-route' || ep.kind === 'websocket-route';
}

/** The API resource of an entry point is private (VPC endpoints only). */
export function isPrivateApi(model: AppModel, ep: EntryPoint): boolean {
  const api = model.resources.find((r) => r.id === ep.source);
  return api?.attributes.endpointType === 'PRIVATE';
}
