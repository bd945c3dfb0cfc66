/**
 * Entry points before their ids: what each source family (entries-apis.ts, entries-events.ts)
 * records for buildEntryPoints (entries.ts).
 */
import type { AuthInfo, EntryPointKind, FunctionNode, PollerBounds, Principal, RequestValidation, ResourceNode, ServiceRoute, SourceLocation, ThrottleSettings } from './types.js';

export interface Draft {
  kind: EntryPointKind;
  source: string | null;
  label: string;
  method?: string;
  path?: string;
  principal: Principal;
  auth: AuthInfo;
  target: FunctionNode;
  throttle?: ThrottleSettings | null;
  pollers?: PollerBounds;
  request?: RequestValidation;
  location: SourceLocation;
}

/** A route integrated with something other than a function, before its deliveries are known. */
export interface ServiceDraft {
  kind: 'rest-api-method' | 'http-api-route';
  api: ResourceNode | null;
  source: string;
  label: string;
  method?: string;
  path?: string;
  principal: Principal;
  auth: AuthInfo;
  integration: ServiceRoute['integration'];
  action: string | null;
  /** The resource the integration names, else those its role's grants confine it to; [] = what the request names. */
  resources: ResourceNode[];
  location: SourceLocation;
}

export const SERVICE_AUTH: AuthInfo = { kind: 'service' };
