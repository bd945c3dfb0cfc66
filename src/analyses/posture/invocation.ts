/**
 * How a function is invoked, for the posture rules: which entry points call it asynchronously
 * (Lambda queues the event, retries twice and then drops it unless a dead-letter queue or an
 * on-failure destination takes it), and words for its most exposed caller.
 */
import type { AppModel, EntryPoint, EntryPointKind } from '../../model/types.js';
import { REACH_WORDS, widestReach, type Reach } from '../../model/findings.js';
import type { SurfaceAnalysis } from '../surface/types.js';

/** Sources that invoke asynchronously (AWS Lambda Developer Guide, "Invoking a Lambda function asynchronously"). */
const ASYNC_KINDS: ReadonlySet<EntryPointKind> = new Set<EntryPointKind>(['s3-notification', 'sns-subscription', 'eventbridge-rule', 'schedule', 'iot-rule', 'cloudwatch-logs']);

/** Services that invoke asynchronously when a bare `AWS::Lambda::Permission` names them. */
const ASYNC_SERVICES: ReadonlySet<string> = new Set(['s3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com', 'iot.amazonaws.com', 'logs.amazonaws.com', 'ses.amazonaws.com', 'config.amazonaws.com', 'codecommit.amazonaws.com']);

export interface Invocation {
  /** Entry points that invoke the function asynchronously. */
  async: EntryPoint[];
  /** Every entry point that invokes it directly. */
  all: EntryPoint[];
}

export function invocationOf(model: AppModel, fnId: string): Invocation {
  const fn = model.functions.find((f) => f.id === fnId);
  const all = model.entryPoints.filter((ep) => ep.targets.includes(fnId));
  const async = all.filter((ep) => {
    if (ASYNC_KINDS.has(ep.kind)) return true;
    if (ep.kind !== 'lambda-permission' || !fn) return false;
    const perm = fn.permissions.find((p) => p.location.file === ep.location.file && p.location.line === ep.location.line);
    return typeof perm?.principal === 'string' && ASYNC_SERVICES.has(perm.principal);
  });
  return { async, all };
}

/** The most exposed caller of some entry points. */
export function reachOfEntryPoints(eps: readonly EntryPoint[]): Reach {
  return widestReach(eps.map((ep) => ep.principal.kind));
}

const PLURAL: ReadonlySet<Reach> = new Set<Reach>(['authenticated-users', 'cross-account', 'same-account']);

/** "anyone on the internet, through GET /orders" / "nothing in the model": who reaches the function, for messages. */
export function callerWords(model: AppModel, surface: SurfaceAnalysis | undefined, fnId: string): { reach: Reach; words: string } {
  const exposure = surface?.byFunction[fnId];
  const reach: Reach = exposure?.weakestPrincipal ?? 'none';
  if (reach === 'none') return { reach, words: 'no entry point in the model reaches it' };
  const ep = model.entryPoints.find((e) => e.id === exposure?.weakestEntryPoint);
  const direct = ep?.targets.includes(fnId) ?? false;
  return { reach, words: `${REACH_WORDS[reach]} reach${PLURAL.has(reach) ? '' : 'es'} it ${direct ? 'through' : 'through a cascade from'} ${ep?.label ?? 'an entry point'}` };
}

/**
 * Who starts a state machine: API routes whose service integration starts it (those that reach
 * functions through it are entry points carrying `via`, the others service routes on the API).
 */
export function starterWords(model: AppModel, smId: string): { reach: Reach; words: string } {
  const starts = [
    ...model.entryPoints.filter((ep) => ep.via?.resource === smId).map((ep) => ({ label: ep.label, kind: ep.principal.kind })),
    ...model.resources.flatMap((n) => (n.attributes.serviceRoutes ?? []).filter((r) => r.resource === smId).map((r) => ({ label: r.label, kind: r.principal.kind }))),
  ];
  const reach = widestReach(starts.map((s) => s.kind));
  if (reach === 'none') return { reach, words: 'no route of the model starts it' };
  const first = starts.find((s) => s.kind === reach)!;
  return { reach, words: `${REACH_WORDS[reach]} start${PLURAL.has(reach) ? '' : 's'} it through ${first.label}` };
}
