/**
 * What the request-shape rules (request validation, bounded request arrays) share: which REST
 * routes anyone calls without signing in, and which data store a function behind one writes to.
 */
import type { AppModel, EntryPoint, RequestValidation } from '../../model/types.js';
import { isWriteLevel, type AccessEdge } from '../surface/access.js';

/** Where a request body that passed unchecked is kept for others to read. */
const STORES: ReadonlySet<string> = new Set(['bucket', 'queue', 'topic', 'table', 'stream', 'event-bus', 'state-machine']);

/** A REST method anyone on the internet calls without signing in (no authorizer, or an API key only), with what its request declares. */
export function openRequest(ep: EntryPoint): RequestValidation | null {
  if (ep.kind !== 'rest-api-method' || !ep.request || ep.cloud !== undefined) return null;
  if (ep.principal.kind !== 'public' || (ep.auth.kind !== 'none' && ep.auth.kind !== 'api-key')) return null;
  return ep.request;
}

/** The first data store (table, bucket, queue, stream...) one of `functions` may write to, null when none. */
export function storeWrittenBy(model: AppModel, access: readonly AccessEdge[], functions: readonly string[]): string | null {
  for (const fn of functions) {
    const e = access.find((a) => a.functionId === fn && a.levels.some(isWriteLevel) && STORES.has(model.resources.find((n) => n.id === a.target)?.kind ?? ''));
    if (e) return e.target;
  }
  return null;
}
