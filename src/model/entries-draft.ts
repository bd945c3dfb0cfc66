/**
 * Entry points before their ids: what each source family (entries-apis.ts, entries-events.ts)
 * records for buildEntryPoints (entries.ts).
 */
import type { AuthInfo, EntryPoint, FunctionNode, ResourceNode, ServiceRoute } from './types.js';

/** What an entry point says of itself (the rest, id and targets, buildEntryPoints gives). */
type Declared = Pick<EntryPoint, 'label' | 'method' | 'path' | 'principal' | 'auth' | 'location'>;

/** An entry point into one function, before its id. */
export interface Draft extends Declared, Pick<EntryPoint, 'kind' | 'source' | 'throttle' | 'pollers' | 'request' | 'graphql'> {
  target: FunctionNode;
}

/** A route integrated with something other than a function, before its deliveries are known. */
export interface ServiceDraft extends Declared {
  kind: 'rest-api-method' | 'http-api-route';
  api: ResourceNode | null;
  source: string;
  integration: ServiceRoute['integration'];
  action: string | null;
  /** The resource the integration names, else those its role's grants confine it to; [] = what the request names. */
  resources: ResourceNode[];
}

export const SERVICE_AUTH: AuthInfo = { kind: 'service' };
