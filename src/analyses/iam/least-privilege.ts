/**
 * Least privilege: per function, what the role grants against what the handler code calls.
 * Computed once per run from the IAM analysis and the code analysis.
 *
 * - unused: granted actions no call uses (only where the code was fully seen and, for that service,
 *   every call target is known; otherwise the reason it cannot tell);
 * - missing: calls the role does not allow on the resource they name;
 * - suggested: the smallest policy that covers every call, scoped to the resources used; a call
 *   whose target is unknown keeps the narrowest sound scope, with the reason.
 */
import type { AppModel, EntryPoint, EntryPointKind, FunctionNode, ResourceNode, SourceLocation } from '../../model/types.js';
import { dict, unresolved } from '../../model/types.js';
import type { CodeAnalysis, FunctionCode, ResolvedCall, ResolvedTarget } from '../code/program.js';
import type { IamAnalysis, RolePermissions } from './analyze.js';
import { entriesByAction } from './analyze.js';
import { actionCatalog, type AccessLevel, type ActionCatalog } from './catalog.js';
import { arnCovers } from './glob.js';
import type { Grant, PermissionEntry } from './permissions.js';
import { actionCount, forEachEntry } from './permissions.js';
import { cmp } from '../../model/order.js';
import type { FunctionLeastPrivilege, LeastPrivilegeAnalysis, MissingPermission, RoleLeastPrivilege, SuggestedStatement, UnusedGrant, UsedAction } from './least-privilege-types.js';
import { functionResult } from './least-privilege-types.js';
import { coveredBy, describeBindings, forCloudFunction, isTriggerReceive, unanalysedReason } from './least-privilege-cloud.js';
import { LAMBDA_RUNTIME_ACTIONS, POLLER_ACTIONS } from './runtime-actions.js';

export type { SuggestedStatement, UsedAction, MissingPermission, UnusedGrant, FunctionLeastPrivilege, RoleLeastPrivilege, LeastPrivilegeAnalysis } from './least-privilege-types.js';

/** Actions Lambda itself uses with the execution role (logs, tracing, VPC networking). */
export const RUNTIME_ACTIONS: ReadonlySet<string> = new Set(LAMBDA_RUNTIME_ACTIONS);

const SERVICE_KIND: Record<string, string> = { dynamodb: 'table', s3: 'bucket', sqs: 'queue', sns: 'topic', secretsmanager: 'secret', kinesis: 'stream', states: 'state-machine', events: 'event-bus', ssm: 'parameter', kms: 'kms-key' };

function lower(a: string): string {
  return a.toLowerCase();
}

/** The ARN an action of a call acts on, given the resource the call names. */
export function requestArn(catalog: ActionCatalog, action: string, arn: string): string {
  const entry = catalog.lookup(action);
  if (entry.known && entry.wildcardOnly) return '*';
  if (action.startsWith('s3:') && /^arn:[^:]+:s3:::[^/]+$/.test(arn) && entry.resourceTypeNames.includes('object')) return `${arn}/*`;
  if (action.startsWith('dynamodb:') && /:table\/[^/]+$/.test(arn) && !entry.resourceTypeNames.includes('table') && entry.resourceTypeNames.includes('index')) return `${arn}/index/*`;
  return arn;
}

export function analyzeLeastPrivilege(model: AppModel, iam: IamAnalysis, code: CodeAnalysis, catalog: ActionCatalog = actionCatalog()): LeastPrivilegeAnalysis {
  const functions: Record<string, FunctionLeastPrivilege> = dict();
  for (const fn of model.functions) {
    const fc = code.functions[fn.id];
    const perms = iam.permissionsOf(fn.id);
    if (!fc || !perms) continue;
    functions[fn.id] = forFunction(model, fn, fc, perms, iam, catalog);
  }
  const roles: Record<string, RoleLeastPrivilege> = dict();
  for (const role of iam.roles) {
    const members = role.functions.map((id) => functions[id]).filter((f): f is FunctionLeastPrivilege => f !== undefined);
    if (!members.length || !role.inModel) continue;
    const blocked = members.find((m) => !m.decidable);
    const used = new Set(members.flatMap((m) => m.used.map((u) => lower(u.action))));
    const undecided = new Set(members.flatMap((m) => Object.keys(m.undecidedServices)));
    const byStatement = new Map<string, UnusedGrant>();
    const cloudSuggested = members.some((m) => m.native) ? members.flatMap((m) => m.suggested) : null;
    if (!blocked) {
      forEachEntry(role.services, (a, shape, s) => {
        if (undecided.has(s.service)) return;
        // Google Cloud and Azure: what the suggested role bindings do not give is unused
        if (cloudSuggested ? coveredBy(cloudSuggested, a.action, shape.resources) || isTriggerReceive(model, role.functions, a) : used.has(lower(a.action)) || isRuntime(a.action, shape.grants, model, role)) return;
        for (const g of shape.grants) {
          const key = `${g.statement.policy}\u0000${g.statement.index}`;
          let u = byStatement.get(key);
          if (!u) byStatement.set(key, (u = { statement: g.statement, actions: [], granted: 0 }));
          u.actions.push(a.action);
        }
      });
      // how many actions each statement grants, for the message
      for (const s of role.services) {
        const n = s.whole !== undefined ? s.whole.actions.length : 1;
        for (const grants of s.whole !== undefined ? [s.whole.grants] : s.actions.map((a) => a.grants)) {
          for (const g of grants) {
            const u = byStatement.get(`${g.statement.policy}\u0000${g.statement.index}`);
            if (u) u.granted += n;
          }
        }
      }
    }
    roles[role.roleId] = {
      roleId: role.roleId,
      functions: role.functions,
      decidable: !blocked,
      reason: blocked ? `${blocked.functionId}: ${blocked.reason}` : null,
      ...(cloudSuggested ? { nativeSuggestion: describeBindings({ cloud: members[0]!.native!.cloud, bindings: members.flatMap((m) => m.native?.bindings ?? []), keyCalls: [] }) } : {}),
      unused: [...byStatement.values()].map((u) => ({ ...u, actions: u.actions.sort(cmp) })).sort((a, b) => cmp(a.statement.location.file, b.statement.location.file) || a.statement.location.line - b.statement.location.line || a.statement.index - b.statement.index),
    };
  }
  return { functions, roles };
}

// Entries of one statement share their grant list, and an `Action: *` role has ~22,000 entries:
// what depends only on the list, or only on the role, is worked out once.
const lambdaOwnGrants = new WeakMap<readonly Grant[], boolean>();
const pollerActionsByModel = new WeakMap<AppModel, WeakMap<RolePermissions, Set<string>>>();

/** Granted by the role for Lambda's own use (logs, tracing, ENIs, event source polling, dead-letter queue). */
function isRuntime(action: string, grants: readonly Grant[], model: AppModel, role: RolePermissions): boolean {
  if (RUNTIME_ACTIONS.has(action)) return true;
  let own = lambdaOwnGrants.get(grants);
  if (own === undefined) {
    own = grants.every((g) => /DeadLetterQueue/.test(g.statement.policy) || /service-role\/AWSLambda/.test(g.statement.policy));
    lambdaOwnGrants.set(grants, own);
  }
  return own || pollerActions(model, role).has(action);
}

/** What Lambda polls with for the event sources of the role's functions. */
function pollerActions(model: AppModel, role: RolePermissions): Set<string> {
  let byRole = pollerActionsByModel.get(model);
  if (byRole === undefined) pollerActionsByModel.set(model, (byRole = new WeakMap()));
  let actions = byRole.get(role);
  if (actions === undefined) {
    actions = new Set();
    const targeting = indexOf(model).entryPointsByTarget;
    for (const fnId of role.functions) for (const ep of targeting.get(fnId) ?? []) for (const x of POLLER_ACTIONS[ep.kind] ?? []) actions.add(x);
    byRole.set(role, actions);
  }
  return actions;
}


interface ModelIndex {
  /** Entry points by the function they target, in model order. */
  entryPointsByTarget: Map<string, EntryPoint[]>;
  resourcesById: Map<string, ResourceNode>;
}

// Per-model lookups: scanning every entry point per action and function is quadratic in app size.
const modelIndexes = new WeakMap<AppModel, ModelIndex>();
function indexOf(model: AppModel): ModelIndex {
  let idx = modelIndexes.get(model);
  if (idx) return idx;
  const entryPointsByTarget = new Map<string, EntryPoint[]>();
  for (const ep of model.entryPoints) {
    for (const t of new Set(ep.targets)) {
      const list = entryPointsByTarget.get(t);
      if (list) list.push(ep);
      else entryPointsByTarget.set(t, [ep]);
    }
  }
  const resourcesById = new Map<string, ResourceNode>();
  for (const r of model.resources) if (!resourcesById.has(r.id)) resourcesById.set(r.id, r);
  idx = { entryPointsByTarget, resourcesById };
  modelIndexes.set(model, idx);
  return idx;
}

function forFunction(model: AppModel, fn: FunctionNode, fc: FunctionCode, perms: RolePermissions, iam: IamAnalysis, catalog: ActionCatalog): FunctionLeastPrivilege {
  // Google Cloud and Azure functions: their calls and roles in their own cloud's terms
  if (fn.cloud) return forCloudFunction(model, fn, fc, perms, iam);
  const reason = unanalysedReason(fc);
  const undecidedServices: Record<string, string> = dict();
  const used = new Map<string, UsedAction>();
  const missing: MissingPermission[] = [];
  const grantedEntries = entriesByAction(perms);

  // Resources of the template a call with an unknown target may name: those of the service's
  // kind that the role already allows for the action.
  const templateScope = (call: ResolvedCall, action: string, t: ResolvedTarget | null): { arns: string[]; note: string } => {
    const why = t?.unknown ?? 'the call names no resource';
    if (t && t.arns.length) return { arns: t.arns.map((a) => requestArn(catalog, action, a)), note: `${call.operation} at ${where(call.location)}: ${why}; scoped to the ${t.arns.length} template resources it may name` };
    const kind = SERVICE_KIND[call.service];
    const candidates = call.service === 'lambda' ? model.functions.map((f) => f.arn) : model.resources.filter((r) => r.kind === kind).map((r) => r.arn);
    const arns = candidates.filter((a): a is string => typeof a === 'string').map((a) => requestArn(catalog, action, a));
    const allowed = arns.filter((a) => {
      const d = iam.isAllowed(fn.id, action, a).decision;
      return d === 'allowed' || d === 'conditionally-allowed';
    });
    if (allowed.length) return { arns: allowed.sort(cmp), note: `${call.operation} at ${where(call.location)}: ${why}; scoped to the template's ${call.service === 'lambda' ? 'functions' : `${kind ?? call.service} resources`} the role already allows it on` };
    const granted = grantedEntries.get(lower(action))?.resources ?? [];
    if (granted.length) return { arns: [...granted].sort(cmp), note: `${call.operation} at ${where(call.location)}: ${why}; no template resource fits, so the granted scope is kept` };
    return { arns: arns.length ? arns.sort(cmp) : ['*'], note: `${call.operation} at ${where(call.location)}: ${why}; ${arns.length ? 'scoped to the template resources of its kind' : 'no narrower scope is known'}` };
  };

  const suggested = new Map<string, { resources: Set<string>; notes: Set<string>; calls: SourceLocation[] }>();
  // Membership sets beside the ordered lists: a handler with 20,000 calls stays linear.
  const suggestedCalls = new Map<string, Set<string>>();
  const suggest = (action: string, resources: string[], call: SourceLocation | null, note?: string) => {
    let s = suggested.get(action);
    if (!s) suggested.set(action, (s = { resources: new Set(), notes: new Set(), calls: [] }));
    for (const r of resources) s.resources.add(r);
    if (note) s.notes.add(note);
    let seen = suggestedCalls.get(action);
    if (!seen) suggestedCalls.set(action, (seen = new Set()));
    if (call && !seen.has(where(call))) seen.add(where(call)), s.calls.push(call);
  };
  const usedResources = new Map<string, Set<string>>();
  const useResource = (u: UsedAction, arn: string) => {
    let seen = usedResources.get(u.action);
    if (!seen) usedResources.set(u.action, (seen = new Set(u.resources)));
    if (!seen.has(arn)) seen.add(arn), u.resources.push(arn);
  };

  for (const call of fc.calls) {
    const targets = call.targets.length ? call.targets : [null];
    for (const action of call.actions) {
      let u = used.get(action);
      if (!u) used.set(action, (u = { action, resources: [], calls: [], unknown: [] }));
      u.calls.push(call.location);
      const entry = catalog.lookup(action);
      for (const t of targets) {
        const known = t !== null && t.node !== null && t.arns.length === 1 && !t.unknown;
        if (entry.known && entry.wildcardOnly) {
          suggest(action, ['*'], call.location);
        } else if (known) {
          const arn = requestArn(catalog, action, t.arns[0]!);
          useResource(u, arn);
          suggest(action, [arn], call.location);
        } else if (t && t.arns.length === 1 && !t.unknown) {
          // a resource outside the templates, named literally
          const arn = requestArn(catalog, action, t.arns[0]!);
          useResource(u, arn);
          suggest(action, [arn], call.location);
        } else {
          const why = t?.unknown ?? 'the call names no resource';
          if (!u.unknown.includes(why)) u.unknown.push(why);
          undecidedServices[call.service] ??= `the target of ${call.service}:${call.operation} at ${where(call.location)} is not known (${why})`;
          const scope = templateScope(call, action, t);
          suggest(action, scope.arns, call.location, scope.note);
        }
        if (!call.reachable) continue;
        // missing: what the role does not allow
        const requests = known || (t && t.arns.length === 1 && !t.unknown) ? [requestArn(catalog, action, t!.arns[0]!)] : [];
        if (!requests.length) {
          const d = iam.isAllowed(fn.id, action, unresolved(t?.unknown ?? 'the call names no resource'));
          if (d.decision === 'implicitly-denied' || d.decision === 'explicitly-denied') missing.push({ action, resource: `(${t?.unknown ?? 'unknown resource'})`, decision: d.decision, call: call.location, deniedBy: d.deniedBy });
          continue;
        }
        for (const arn of requests) {
          const d = iam.isAllowed(fn.id, action, arn);
          if (d.decision === 'implicitly-denied' || d.decision === 'explicitly-denied') missing.push({ action, resource: arn, decision: d.decision, call: call.location, deniedBy: d.deniedBy });
        }
      }
    }
  }

  // What Lambda needs besides the code: logs, and polling the event sources that trigger it.
  const runtime = new Map<string, Set<string>>();
  const addRuntime = (action: string, arn: string) => {
    if (!grantedEntries.has(lower(action))) return;
    const set = runtime.get(action) ?? new Set<string>();
    set.add(arn);
    runtime.set(action, set);
  };
  const account = typeof fn.arn === 'string' ? fn.arn.split(':')[4] ?? '*' : '*';
  const region = typeof fn.arn === 'string' ? fn.arn.split(':')[3] ?? '*' : '*';
  const fnName = typeof fn.name === 'string' ? fn.name : '*';
  for (const a of ['logs:CreateLogGroup']) addRuntime(a, `arn:aws:logs:${region}:${account}:*`);
  for (const a of ['logs:CreateLogStream', 'logs:PutLogEvents']) addRuntime(a, `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/${fnName}:*`);
  for (const a of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) addRuntime(a, '*');
  const idx = indexOf(model);
  for (const ep of idx.entryPointsByTarget.get(fn.id) ?? []) {
    if (!ep.source) continue;
    const res = idx.resourcesById.get(ep.source);
    if (!res || typeof res.arn !== 'string') continue;
    for (const a of POLLER_ACTIONS[ep.kind] ?? []) addRuntime(a, ep.kind === 'dynamodb-stream' ? `${res.arn}/stream/*` : res.arn);
  }

  const statements = group(suggested, 'code');
  statements.push(...group(new Map([...runtime].map(([a, set]) => [a, { resources: set, notes: new Set<string>(), calls: [] }])), 'runtime'));

  const grantedActions = actionCount(perms.services);
  let excessActions = 0;
  forEachEntry(perms.services, (a, shape) => {
    if (!used.has(a.action) && !isRuntime(a.action, shape.grants, model, perms)) excessActions++;
  });
  return functionResult(fn.id, perms, { reason, undecidedServices, used, missing, grantedActions, excessActions }, statements);
}

/**
 * Drops the resources another one covers (`arn:…:b/*` covers `arn:…:b/x`). Only a pattern covers
 * something else, and only what starts with the pattern's literal prefix: each resource is tested
 * against the patterns whose prefix it starts with, so 20,000 calls in one handler stay linear.
 */
function dropCovered(resources: string[]): string[] {
  const byPrefix = new Map<string, string[]>();
  for (const o of resources) {
    const w = o.search(/[*?]/);
    if (w < 0) continue;
    const prefix = o.slice(0, w);
    const list = byPrefix.get(prefix);
    if (list) list.push(o);
    else byPrefix.set(prefix, [o]);
  }
  if (byPrefix.size === 0) return resources;
  const lengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  return resources.filter((r) => {
    for (const n of lengths) {
      if (n > r.length) break;
      for (const o of byPrefix.get(r.slice(0, n)) ?? []) if (o !== r && arnCovers(o, r)) return false;
    }
    return true;
  });
}

/** Actions with the same resources share a statement. */
function group(byAction: Map<string, { resources: Set<string>; notes: Set<string>; calls: SourceLocation[] }>, purpose: 'code' | 'runtime'): SuggestedStatement[] {
  const out = new Map<string, SuggestedStatement>();
  const seen = new Map<SuggestedStatement, { notes: Set<string>; calls: Set<string> }>();
  for (const [action, s] of [...byAction].sort(([a], [b]) => cmp(a, b))) {
    let resources = [...s.resources].sort(cmp);
    if (resources.includes('*')) resources = ['*'];
    resources = dropCovered(resources);
    const key = resources.join('\u0000');
    let st = out.get(key);
    if (!st) out.set(key, (st = { actions: [], resources, purpose, notes: [], calls: [] }));
    let has = seen.get(st);
    if (!has) seen.set(st, (has = { notes: new Set(), calls: new Set() }));
    st.actions.push(action);
    for (const n of s.notes) if (!has.notes.has(n)) has.notes.add(n), st.notes.push(n);
    for (const c of s.calls) if (!has.calls.has(where(c))) has.calls.add(where(c)), st.calls.push(c);
  }
  return [...out.values()].sort((a, b) => cmp(a.actions[0]!, b.actions[0]!));
}

function where(l: SourceLocation): string {
  return `${l.file}:${l.line}`;
}

/** The suggested statements as an IAM policy document (plain JSON). */
export function suggestedPolicyJson(lp: FunctionLeastPrivilege, include: 'code' | 'all' = 'all'): { Version: string; Statement: { Effect: 'Allow'; Action: string[]; Resource: string[] }[] } {
  return {
    Version: '2012-10-17',
    Statement: lp.suggested.filter((s) => include === 'all' || s.purpose === 'code').map((s) => ({ Effect: 'Allow' as const, Action: s.actions, Resource: s.resources })),
  };
}

/** Why a granted action is dangerous, when it is. A short built-in list; the IAM risk catalog refines it. */
export function dangerOf(entry: PermissionEntry): string | null {
  const onAll = entry.resources.some((r) => r === '*' || /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/.test(r));
  const a = entry.action;
  if (a === 'iam:PassRole') return onAll ? 'can pass any role to a service: privilege escalation' : 'can pass a role to a service';
  if (/^iam:(Create|Put|Attach|Update|Delete|Add|Set)/.test(a)) return 'can change IAM identities or policies: privilege escalation';
  if (/^lambda:(UpdateFunctionCode|UpdateFunctionConfiguration|CreateFunction|AddPermission|PublishLayerVersion)$/.test(a)) return 'can rewrite function code or configuration: code tampering';
  if (a === 'lambda:GetFunction' || a === 'lambda:GetFunctionConfiguration') return 'can read function code or environment: code exposure';
  if (/^sts:AssumeRole/.test(a)) return 'can assume other roles';
  if (a === 'secretsmanager:GetSecretValue' && onAll) return 'can read every secret: credentials exposure';
  if (/^ssm:GetParameters?(ByPath)?$/.test(a) && onAll) return 'can read every parameter: credentials exposure';
  if (a === 'kms:Decrypt' && onAll) return 'can decrypt with any key';
  if (onAll && (a === 's3:GetObject' || a === 'dynamodb:Scan' || a === 'dynamodb:Query')) return 'can read any data of its kind: data exfiltration';
  if (onAll && (a.endsWith(':*') || /^(s3|dynamodb|sqs|sns):Delete/.test(a))) return 'destructive on every resource';
  const level: AccessLevel = entry.accessLevel;
  if (level === 'Permissions management') return 'permissions management';
  return null;
}
