/**
 * Application load balancer routes to Lambda target groups: each listener's default actions and
 * each listener rule, with the load balancer behind it, the target groups its `forward` names, the
 * sign-in its `authenticate-cognito` / `authenticate-oidc` actions put in front of the forward, and
 * whether a rule of higher priority on the same listener catches every request it would get.
 *
 * Who reaches a target group is the most exposed route that forwards to it: a rule that signs users
 * in on `/admin/*` leaves the default action's other paths as open as they are. A route whose
 * action list, action type or unauthenticated-request behaviour cannot be resolved is unresolved,
 * never assumed to authenticate.
 */
import type { AuthInfo, Principal } from './types.js';
import { isUnresolved } from './types.js';
import { asObject, containsUnresolved, type RObject, type RValue } from './resolve.js';
import { PRINCIPAL_RANK } from './policy.js';
import type { Stack, StackResource } from './builder.js';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const TG = 'AWS::ElasticLoadBalancingV2::TargetGroup';

/** A listener's default actions or a listener rule. */
export interface LoadBalancerRoute {
  /** The listener (default actions) or the listener rule. */
  resource: StackResource;
  /** `listener Front` or `listener rule AdminRule`, for messages. */
  name: string;
  /** Its load balancer, or why that is not known. */
  lb: StackResource | string;
  /** The listener, by logical id or resolved ARN; null when it cannot be told (no shadowing is judged then). */
  listener: string | null;
  /** Rules: the priority when it is a number; null for the default actions or an unresolved priority. */
  priority: number | null;
  isDefault: boolean;
  conditions: RValue | undefined;
  /** The target groups the route forwards to; an unresolved entry for a target the scan cannot name. */
  groups: RValue[];
  /** The action list could not be read: the logical ids its raw text names are the target groups it may forward to. */
  unreadable: string | null;
  mentions: ReadonlySet<string>;
  /** The sign-in in front of the forward (`none` when there is none). */
  auth: AuthInfo;
  /** An authenticate action that lets unauthenticated requests through (`OnUnauthenticatedRequest: allow`). */
  allowsAnonymous: boolean;
  /** The user pool or OIDC issuer users sign in to, when the route authenticates. */
  signIn: string | null;
}

const refOf = (s: Stack, logicalId: string): RValue => s.resolver.resolve({ Ref: logicalId }, ['Resources', logicalId]);

/** Whether two resolved references name the same thing: equal strings, or the same resource of the template whose name is unknown. */
export const same = (x: RValue | undefined, y: RValue | undefined): boolean =>
  (typeof x === 'string' && typeof y === 'string' && x === y) || (isUnresolved(x) && isUnresolved(y) && x.ref !== undefined && x.ref === y.ref);

const order = (a: RValue, i: number): number => {
  const o = (asObject(a as never) as RObject)['Order'];
  const n = typeof o === 'number' ? o : typeof o === 'string' && /^\d+$/.test(o) ? Number(o) : NaN;
  return Number.isFinite(n) ? n : i + 1;
};

/** The user pool or issuer an authenticate action names, for messages. */
function signInName(s: Stack, type: string, cfg: RObject, idOf: Namer): string {
  if (type === 'authenticate-cognito') {
    const pool = cfg['UserPoolArn'];
    for (const r of s.resources.values()) if (r.type === 'AWS::Cognito::UserPool' && same(s.resolver.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] }, ['Resources', r.logicalId]), pool)) return `Cognito user pool ${idOf(r.logicalId)}`;
    if (typeof pool === 'string') return `Cognito user pool ${pool.replace(/^arn:[^:]*:cognito-idp:[^:]*:[^:]*:userpool\//, '')}`;
    if (isUnresolved(pool) && pool.ref !== undefined) return `Cognito user pool ${idOf(pool.ref)}`;
    return 'a Cognito user pool';
  }
  const issuer = cfg['Issuer'];
  return typeof issuer === 'string' ? `OIDC issuer ${issuer}` : 'an OIDC issuer';
}

/** What an action list forwards to and the sign-in before the forward. */
function readActions(s: Stack, actions: RValue | undefined, where: string, idOf: Namer): Pick<LoadBalancerRoute, 'groups' | 'auth' | 'allowsAnonymous' | 'signIn' | 'unreadable'> {
  if (actions === undefined || actions === null) return { groups: [], auth: { kind: 'none' }, allowsAnonymous: false, signIn: null, unreadable: null };
  if (!Array.isArray(actions)) {
    const reason = `the actions of ${where} cannot be resolved (${isUnresolved(actions) ? actions.reason : 'not a list'})`;
    return { groups: [], auth: { kind: 'unresolved', reason }, allowsAnonymous: false, signIn: null, unreadable: reason };
  }
  const sorted = actions.map((a, i) => ({ a, k: order(a, i), i })).sort((x, y) => x.k - y.k || x.i - y.i);
  let auth: AuthInfo = { kind: 'none' };
  let allowsAnonymous = false;
  let signIn: string | null = null;
  const groups: RValue[] = [];
  const weaken = (reason: string) => {
    if (auth.kind === 'none') auth = { kind: 'unresolved', reason };
  };
  for (const { a } of sorted) {
    if (isUnresolved(a)) {
      weaken(`an action of ${where} cannot be resolved (${a.reason})`);
      groups.push(a);
      continue;
    }
    const o = asObject(a as never) as RObject;
    const type = o['Type'];
    const forwards: RValue[] = [];
    if (o['TargetGroupArn'] !== undefined) forwards.push(o['TargetGroupArn']);
    const fc = asObject(o['ForwardConfig'] as never) as RObject;
    for (const g of Array.isArray(fc['TargetGroups']) ? fc['TargetGroups'] : []) forwards.push((asObject(g as never) as RObject)['TargetGroupArn']);
    if (isUnresolved(type)) {
      weaken(`the type of an action of ${where} cannot be resolved (${type.reason})`);
      groups.push(...forwards);
      continue;
    }
    if (type === 'authenticate-cognito' || type === 'authenticate-oidc') {
      const cfg = asObject(o[type === 'authenticate-cognito' ? 'AuthenticateCognitoConfig' : 'AuthenticateOidcConfig'] as never) as RObject;
      const on = cfg['OnUnauthenticatedRequest'] ?? 'authenticate';
      if (isUnresolved(on)) weaken(`what ${type} on ${where} does with unauthenticated requests cannot be resolved (${on.reason})`);
      else if (typeof on === 'string' && on.toLowerCase() === 'allow') allowsAnonymous = true;
      else if (auth.kind === 'none') {
        auth = { kind: type === 'authenticate-cognito' ? 'cognito' : 'jwt', authorizer: where.replace(/^listener (rule )?/, ''), native: type };
        signIn = signInName(s, type, cfg, idOf);
      }
      continue;
    }
    groups.push(...forwards);
    // forward, redirect and fixed-response end the list
    if (type === 'forward' || type === 'redirect' || type === 'fixed-response' || forwards.length > 0) break;
  }
  return { groups, auth, allowsAnonymous, signIn, unreadable: null };
}

/** Logical ids a raw (unresolvable) action list names: the target groups it may forward to. */
function rawMentions(s: Stack, r: StackResource, prop: string): Set<string> {
  const raw = asObject(asObject(asObject(asObject(s.template.body['Resources'] as never)[r.logicalId] as never)['Properties'] as never)[prop] as never);
  const text = JSON.stringify(raw) ?? '';
  const out = new Set<string>();
  for (const other of s.resources.values()) if (other.type === TG && text.includes(`"${other.logicalId}`)) out.add(other.logicalId);
  return out;
}

const memo = new WeakMap<Stack, LoadBalancerRoute[]>();

/** A resource's id as the user wrote it (a Terraform address), from its logical id. */
export type Namer = (logicalId: string) => string;

/** Every listener and listener rule of a stack, with what it forwards to, behind which sign-in, through its listener to its load balancer. */
export function loadBalancerRoutes(s: Stack, idOf: Namer): LoadBalancerRoute[] {
  const hit = memo.get(s);
  if (hit) return hit;
  const listeners: StackResource[] = [];
  const lbs: StackResource[] = [];
  for (const r of s.resources.values()) {
    if (r.type === LISTENER) listeners.push(r);
    if (r.type === LB) lbs.push(r);
  }
  const listenerOf = (arn: RValue | undefined) => listeners.find((l) => same(refOf(s, l.logicalId), arn));
  const lbOf = (listener: StackResource | undefined): StackResource | string => {
    if (!listener) return 'the listener is outside the scanned templates';
    return lbs.find((x) => same(refOf(s, x.logicalId), listener.props['LoadBalancerArn'])) ?? 'the load balancer is outside the scanned templates';
  };
  const out: LoadBalancerRoute[] = [];
  for (const r of s.resources.values()) {
    const isDefault = r.type === LISTENER;
    if (!isDefault && r.type !== RULE) continue;
    const name = `${isDefault ? 'listener' : 'listener rule'} ${idOf(r.logicalId)}`;
    const prop = isDefault ? 'DefaultActions' : 'Actions';
    const listener = isDefault ? r : listenerOf(r.props['ListenerArn']);
    const arn = r.props['ListenerArn'];
    const p = r.props['Priority'];
    const priority = isDefault ? null : typeof p === 'number' ? p : typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : null;
    const read = readActions(s, r.props[prop], name, idOf);
    out.push({
      resource: r,
      name,
      lb: lbOf(listener),
      listener: listener ? listener.logicalId : typeof arn === 'string' ? `arn ${arn}` : null,
      priority,
      isDefault,
      conditions: r.props['Conditions'],
      ...read,
      mentions: read.unreadable === null ? new Set() : rawMentions(s, r, prop),
    });
  }
  memo.set(s, out);
  return out;
}

/** A condition that every request meets: a path pattern `*` or `/*`, a host header `*`. */
function matchesAll(c: RValue): boolean {
  const o = asObject(c as never) as RObject;
  const field = o['Field'];
  const values = (v: RValue | undefined): RValue[] => (Array.isArray(v) ? v : []);
  if (field === 'path-pattern') return [...values(o['Values']), ...values((asObject(o['PathPatternConfig'] as never) as RObject)['Values'])].some((v) => v === '*' || v === '/*');
  if (field === 'host-header') return [...values(o['Values']), ...values((asObject(o['HostHeaderConfig'] as never) as RObject)['Values'])].some((v) => v === '*');
  return false;
}

const catchAll = (conditions: RValue | undefined): boolean => Array.isArray(conditions) && conditions.length > 0 && conditions.every(matchesAll);

/**
 * Whether a rule of higher priority on the same listener gets every request the route would:
 * a rule whose conditions every request meets shadows the default actions and every rule after
 * it; a rule with the very same conditions shadows the later one. An unknown priority or
 * listener shadows nothing and is shadowed by nothing.
 */
function shadowed(route: LoadBalancerRoute, all: LoadBalancerRoute[]): boolean {
  if (route.listener === null) return false;
  const before = all.filter((r) => r !== route && !r.isDefault && r.listener === route.listener && r.priority !== null && (route.isDefault || (route.priority !== null && r.priority < route.priority)));
  const conditions = JSON.stringify(route.conditions ?? null);
  return before.some((r) => catchAll(r.conditions) || (!route.isDefault && !containsUnresolved(r.conditions) && JSON.stringify(r.conditions ?? null) === conditions));
}

/** Whether a route may forward to the target group whose resolved reference is `tg`. */
function forwardsTo(route: LoadBalancerRoute, tg: RValue, tgLogical: string): boolean {
  return route.groups.some((g) => same(g, tg)) || route.mentions.has(tgLogical);
}

/** The routes that forward to a target group and get requests (not shadowed by a rule before them). */
export function routesTo(s: Stack, tgLogical: string, idOf: Namer): LoadBalancerRoute[] {
  const all = loadBalancerRoutes(s, idOf);
  const tg = refOf(s, tgLogical);
  return all.filter((r) => forwardsTo(r, tg, tgLogical) && !shadowed(r, all));
}

/** The target groups a load balancer's listeners and rules forward to (as their ARNs resolve; unresolved for a list the scan cannot read). */
export function loadBalancerGroups(s: Stack, lbLogical: string, idOf: Namer): RValue[] {
  return loadBalancerRoutes(s, idOf)
    .filter((r) => typeof r.lb !== 'string' && r.lb.logicalId === lbLogical)
    .flatMap((r) => (r.unreadable === null ? r.groups : [...r.groups, { unresolved: true, reason: r.unreadable } as RValue]));
}

/** Whether a target group ARN names a Lambda target group of the stack. */
export function isLambdaGroup(s: Stack, arn: RValue): boolean {
  return [...s.resources.values()].some((r) => r.type === TG && r.props['TargetType'] === 'lambda' && same(refOf(s, r.logicalId), arn));
}

/** Who reaches a route, and with what sign-in: the load balancer's scheme, then the route's authenticate actions. */
export function routeAccess(route: LoadBalancerRoute, idOf: Namer): { principal: Principal; auth: AuthInfo } {
  const auth = route.auth;
  const lb = route.lb;
  if (typeof lb === 'string') return { principal: { kind: 'unresolved', detail: lb }, auth };
  const scheme = lb.props['Scheme'];
  if (isUnresolved(scheme)) return { principal: { kind: 'unresolved', detail: `load balancer ${idOf(lb.logicalId)}: ${scheme.reason}` }, auth };
  if (scheme === 'internal') return { principal: { kind: 'same-account', detail: `internal load balancer ${idOf(lb.logicalId)}` }, auth };
  if (auth.kind === 'cognito' || auth.kind === 'jwt') return { principal: { kind: 'authenticated-users', detail: `users signed in to ${route.signIn ?? 'the identity provider'} (${auth.native} on ${route.name}, internet-facing load balancer ${idOf(lb.logicalId)})` }, auth };
  if (auth.kind === 'unresolved') return { principal: { kind: 'unresolved', detail: `internet-facing load balancer ${idOf(lb.logicalId)}: ${auth.reason ?? 'the sign-in cannot be resolved'}` }, auth };
  const how = route.allowsAnonymous ? 'lets unauthenticated requests through (OnUnauthenticatedRequest: allow)' : 'forwards with no authentication';
  return { principal: { kind: 'public', detail: `internet-facing load balancer ${idOf(lb.logicalId)}: ${route.name} ${how}` }, auth: { kind: 'none' } };
}

const AUTH_RANK: Record<string, number> = { none: 0, unresolved: 1 };

/** The most exposed of some routes' access (the principal first, then no sign-in before an unknown one). */
export function weakestAccess(routes: LoadBalancerRoute[], idOf: Namer): { principal: Principal; auth: AuthInfo } | null {
  let best: { principal: Principal; auth: AuthInfo } | null = null;
  for (const r of routes) {
    const a = routeAccess(r, idOf);
    if (best === null) best = a;
    else {
      const d = PRINCIPAL_RANK[a.principal.kind] - PRINCIPAL_RANK[best.principal.kind];
      if (d < 0 || (d === 0 && (AUTH_RANK[a.auth.kind] ?? 2) < (AUTH_RANK[best.auth.kind] ?? 2))) best = a;
    }
  }
  return best;
}

/**
 * Who of those that reach a load balancer gets through its routes to a target group: the viewers
 * of a distribution in front of an internal load balancer still sign in where every route to the
 * group authenticates.
 */
export function behindRoutes(viewers: { principal: Principal; auth: AuthInfo }, routes: LoadBalancerRoute[]): { principal: Principal; auth: AuthInfo } {
  if (viewers.auth.kind !== 'none' || routes.length === 0) return viewers;
  const open = routes.find((r) => r.auth.kind === 'none') ?? routes.find((r) => r.auth.kind === 'unresolved');
  if (open?.auth.kind === 'none') return viewers;
  if (open) return { principal: PRINCIPAL_RANK[viewers.principal.kind] <= PRINCIPAL_RANK.unresolved ? { kind: 'unresolved', detail: open.auth.reason ?? 'the sign-in cannot be resolved' } : viewers.principal, auth: open.auth };
  const r = routes[0]!;
  return { principal: PRINCIPAL_RANK[viewers.principal.kind] < PRINCIPAL_RANK['authenticated-users'] ? { kind: 'authenticated-users', detail: `users signed in to ${r.signIn ?? 'the identity provider'} (${r.auth.native ?? r.auth.kind} on ${r.name})` } : viewers.principal, auth: r.auth };
}

/**
 * Who reaches a Lambda target group: the most exposed route that forwards to it. Internet-facing
 * (the default scheme) is anyone, or the users who sign in when every route to it authenticates;
 * internal is the VPC; a listener or load balancer outside the scanned stack, or no listener at
 * all, is unresolved.
 */
export function targetGroupAccess(s: Stack, tgLogical: string, idOf: Namer): { principal: Principal; auth: AuthInfo } {
  const routes = routesTo(s, tgLogical, idOf);
  const best = weakestAccess(routes, idOf);
  if (best) return best;
  const unreadable = loadBalancerRoutes(s, idOf).find((r) => r.unreadable !== null);
  const reason = unreadable ? `no listener the scan can read forwards to the target group (${unreadable.unreadable})` : 'no listener in the scanned templates forwards to the target group';
  return { principal: { kind: 'unresolved', detail: reason }, auth: { kind: 'unresolved', reason } };
}
